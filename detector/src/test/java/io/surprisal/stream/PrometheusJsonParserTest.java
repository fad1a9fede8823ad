package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JSON of Prometheus remote-write → Kafka adapters: one behaviour per test. */
class PrometheusJsonParserTest {
    static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    static final long T = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    static final String LABELS = "\"labels\":{\"__name__\":\"http_requests_total\",\"job\":\"api\",\"instance\":\"a\"}";

    static PointParser parser(String extra) throws Exception {
        return new PointParser(TopologySpec.parse("input:\n  format: prometheus\n" + extra).input, () -> NOW);
    }

    static PointParser.ParsedPoint parse(PointParser parser, String json) throws Exception {
        ParseOutput out = new ParseOutput();
        parser.parse(null, json.getBytes(StandardCharsets.UTF_8), -1, out);
        assertEquals(1, out.points().size());
        return out.points().get(0);
    }

    static PointParser.ParsedPoint parse(String json) throws Exception {
        return parse(parser(""), json);
    }

    static String sample(String ts, String value, String rest) {
        return "{\"timestamp\":" + ts + ",\"value\":" + value + ",\"name\":\"http_requests_total\"" + rest + "}";
    }

    static String reason(String json) throws Exception {
        PointParser p = parser("");
        return assertThrows(BadRecordException.class, () -> p.parse(null, json.getBytes(StandardCharsets.UTF_8), -1, new ParseOutput()))
                .reason();
    }

    @Test
    void theSeriesIsTheNameAndSortedLabelsWithoutName() throws Exception {
        PointParser.ParsedPoint p = parse(sample("\"2026-11-24T12:00:00Z\"", "\"42.5\"", "," + LABELS));
        assertEquals(new PointParser.ParsedPoint("http_requests_total{instance=\"a\",job=\"api\"}", T, 42.5), p);
    }

    @Test
    void withoutLabelsTheSeriesIsTheBareName() throws Exception {
        assertEquals("up", parse("{\"timestamp\":" + T + ",\"value\":\"1\",\"name\":\"up\",\"labels\":{\"__name__\":\"up\"}}").series());
    }

    @Test
    void withoutANameFieldTheNameLabelNamesTheSeries() throws Exception {
        assertEquals("up{job=\"x\"}", parse("{\"timestamp\":" + T + ",\"value\":\"1\",\"labels\":{\"__name__\":\"up\",\"job\":\"x\"}}").series());
    }

    @Test
    void labelValuesAreEscapedAsPrometheusPrintsThem() throws Exception {
        String json = "{\"timestamp\":" + T + ",\"value\":\"1\",\"name\":\"m\",\"labels\":{\"path\":\"C:\\\\x \\\"q\\\"\\n\"}}";
        assertEquals("m{path=\"C:\\\\x \\\"q\\\"\\n\"}", parse(json).series());
    }

    @Test
    void aNumericTimestampIsEpochMillisecondsByDefaultAsTextOrNumber() throws Exception {
        assertEquals(T, parse(sample(Long.toString(T), "\"1\"", "")).ts());
        assertEquals(T, parse(sample("\"" + T + "\"", "\"1\"", "")).ts());
    }

    @Test
    void timestampUnitSetsTheUnitOfNumericTimestamps() throws Exception {
        assertEquals(T, parse(parser("  timestampUnit: s\n"), sample(Long.toString(T / 1000), "1", "")).ts());
    }

    @Test
    void theValueMayBeTextOrANumber() throws Exception {
        assertEquals(42.5, parse(sample(Long.toString(T), "42.5", "")).value());
        assertEquals(1e3, parse(sample(Long.toString(T), "\"1e3\"", "")).value());
    }

    @Test
    void nanAndInfinitiesAreNonFiniteValues() throws Exception {
        for (String v : new String[]{"\"NaN\"", "\"+Inf\"", "\"-Inf\"", "\"1e999\""}) {
            assertEquals("non-finite-value", reason(sample(Long.toString(T), v, "")), v);
        }
    }

    @Test
    void missingAndBadFieldsHaveTheirReasons() throws Exception {
        assertEquals("missing-series", reason("{\"timestamp\":" + T + ",\"value\":\"1\"}"));
        assertEquals("bad-series", reason("{\"timestamp\":" + T + ",\"value\":\"1\",\"name\":7}"));
        assertEquals("bad-series", reason(sample(Long.toString(T), "\"1\"", ",\"labels\":[1]")));
        assertEquals("bad-series", reason(sample(Long.toString(T), "\"1\"", ",\"labels\":{\"a\":1}")));
        assertEquals("bad-series", reason(sample(Long.toString(T), "\"1\"", ",\"labels\":{\"a\":\"" + "x".repeat(300) + "\"}")));
        assertEquals("missing-timestamp", reason("{\"value\":\"1\",\"name\":\"m\"}"));
        assertEquals("bad-timestamp", reason(sample("\"yesterday\"", "\"1\"", "")));
        assertEquals("bad-timestamp", reason(sample("1.5e12", "\"1\"", "")));
        assertEquals("timestamp-out-of-range", reason(sample("\"99999999999999999999\"", "\"1\"", "")));
        assertEquals("timestamp-out-of-range", reason(sample("1", "\"1\"", "")));
        assertEquals("missing-value", reason("{\"timestamp\":" + T + ",\"name\":\"m\"}"));
        assertEquals("bad-value", reason(sample(Long.toString(T), "\"hot\"", "")));
        assertEquals("bad-value", reason(sample(Long.toString(T), "\"0x10\"", "")));
        assertEquals("bad-value", reason(sample(Long.toString(T), "true", "")));
        assertEquals("value-out-of-range", reason(sample(Long.toString(T), "\"1e16\"", "")));
        assertEquals("malformed-json", reason("{\"timestamp\":"));
        assertEquals("not-an-object", reason("[]"));
    }

    @Test
    void withKeyIsSeriesAKeyThatIsNotTheSeriesIsAKeyMismatch() throws Exception {
        PointParser p = parser("  keyIsSeries: true\n");
        byte[] json = sample(Long.toString(T), "\"1\"", "").getBytes(StandardCharsets.UTF_8);
        assertEquals(DeadLetters.KEY_MISMATCH, assertThrows(BadRecordException.class,
                () -> p.parse("other".getBytes(StandardCharsets.UTF_8), json, -1, new ParseOutput())).reason());
        ParseOutput out = new ParseOutput();
        p.parse("http_requests_total".getBytes(StandardCharsets.UTF_8), json, -1, out);
        assertEquals(List.of("http_requests_total"), out.points().stream().map(PointParser.ParsedPoint::series).toList());
    }
}
