package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input settings that do not fit fail at start-up with one line naming the key and what it takes. */
class TopologySpecInputTest {

    static String error(String input) {
        return assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse("input:\n" + input)).getMessage();
    }

    @Test
    void anUnknownFormatNamesTheKeyAndTheFormats() {
        assertEquals("input.format must be one of " + String.join(", ", PointParser.FORMATS) + ", was parquet",
                error("  format: parquet\n"));
    }

    @Test
    void avroNeedsAnHttpRegistryUrlAndOnlyAvroTakesOne() throws Exception {
        assertEquals("input.registryUrl is required for input.format avro: the schema registry's Confluent-compatible API, "
                + "e.g. http://registry:8080/apis/ccompat/v7", error("  format: avro\n"));
        assertEquals("input.registryUrl must be an http(s) URL with a host, was registry:8080",
                error("  format: avro\n  registryUrl: registry:8080\n"));
        assertEquals("input.registryUrl must be an http(s) URL, was http://a b", error("  format: avro\n  registryUrl: http://a b\n"));
        assertEquals("input.registryUrl applies to input.format avro and protobuf only",
                error("  format: json\n  registryUrl: http://registry:8081\n"));
        TopologySpec.parse("input:\n  format: avro\n  registryUrl: http://registry:8081\n  measurements: [temp, rpm]\n");
    }

    @Test
    void aBadPrecisionNamesTheKeyAndTheUnits() {
        assertEquals("input.precision must be one of ns, us, ms, s, was nanos", error("  format: influx\n  precision: nanos\n"));
    }

    @Test
    void aBadTimestampUnitNamesTheKeyAndTheUnits() {
        assertEquals("input.timestampUnit must be one of ns, us, ms, s, was sec", error("  timestampUnit: sec\n"));
    }

    @Test
    void precisionIsForInfluxOnly() {
        assertEquals("input.precision applies to input.format influx only; for numeric epochs in json use "
                + "input.timestampUnit (ns, us, ms, s)", error("  precision: s\n"));
    }

    @Test
    void timestampUnitIsNotForInflux() {
        assertEquals("input.timestampUnit does not apply to input.format influx; use input.precision (ns, us, ms, s)",
                error("  format: influx\n  timestampUnit: s\n"));
    }

    @Test
    void influxCannotBeKeyedBySeries() {
        assertEquals("input.keyIsSeries must be false for input.format influx: a record holds a series per field, "
                + "so its key cannot be the series id", error("  format: influx\n  keyIsSeries: true\n"));
    }

    @Test
    void measurementsAreForJsonOnly() {
        assertEquals("input.measurements applies to input.format json, avro and protobuf only; influx has a series per field or line already",
                error("  format: influx\n  measurements: [a]\n"));
    }

    @Test
    void protobufNeedsARegistryUrlAndTakesTagsAndMeasurements() throws Exception {
        assertEquals("input.registryUrl is required for input.format protobuf: the schema registry's Confluent-compatible API, "
                + "e.g. http://registry:8080/apis/ccompat/v7", error("  format: protobuf\n"));
        TopologySpec.parse("input:\n  format: protobuf\n  registryUrl: http://registry:8081\n  measurements: [temp]\n  tags: [plant]\n");
        assertEquals("input.tags applies to input.format json and protobuf only",
                error("  format: avro\n  registryUrl: http://registry:8081\n  tags: [plant]\n"));
    }

    private static String outputError(String output) {
        return assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse("output:\n" + output)).getMessage();
    }

    @Test
    void avroOutputNeedsAnHttpRegistryUrlAndOnlyAvroTakesOne() throws Exception {
        assertEquals("json", TopologySpec.parse("name: x\n").output.format);
        assertEquals("output.format must be json or avro, was protobuf", outputError("  format: protobuf\n"));
        assertEquals("output.registryUrl is required for output.format avro: the schema registry's Confluent-compatible API, "
                + "e.g. http://registry:8080/apis/ccompat/v7", outputError("  format: avro\n"));
        assertEquals("output.registryUrl must be an http(s) URL with a host, was registry:8080",
                outputError("  format: avro\n  registryUrl: registry:8080\n"));
        assertEquals("output.registryUrl applies to output.format avro only", outputError("  registryUrl: http://registry:8081\n"));
        assertTrue(TopologySpec.parse("output:\n  format: avro\n  registryUrl: http://registry:8081\n").output.avro());
        assertEquals("input.tags a.b and a_b would both be the field tag_a_b of the avro scores (output.format avro); rename one",
                assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse(
                        "input:\n  tags: [a.b, a_b]\noutput:\n  format: avro\n  registryUrl: http://registry:8081\n")).getMessage());
    }
}
