package io.surprisal.stream;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The avro format's decoding and field mapping, with schemas built in code and served by id from a map. */
class AvroRecordParserTest {
    private static final long T = System.currentTimeMillis() - 3_600_000L;

    private final Map<Integer, Schema> registry = new HashMap<>();
    private final SchemaSource<Schema> schemas = id -> {
        Schema s = registry.get(id);
        if (s == null) {
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " is not registered");
        }
        return s;
    };

    private List<PointParser.ParsedPoint> parse(TopologySpec.Input input, byte[] value) throws BadRecordException {
        AvroRecordParser parser = new AvroRecordParser(input, new PointChecks(input, System::currentTimeMillis), schemas);
        ParseOutput out = new ParseOutput();
        parser.parse(null, value, -1, out);
        return List.copyOf(out.points());
    }

    private String reason(TopologySpec.Input input, byte[] value) {
        return assertThrows(BadRecordException.class, () -> parse(input, value)).reason();
    }

    private static TopologySpec.Input avro() {
        TopologySpec.Input in = new TopologySpec.Input();
        in.format = "avro";
        in.registryUrl = "http://registry.invalid/apis/ccompat/v7";
        return in;
    }

    private static GenericRecord point(String series, long ts, double value) {
        return new GenericRecordBuilder(AvroRecords.POINT).set("series", series).set("ts", ts).set("value", value).build();
    }

    @Test
    void aPointIsReadWithItsWriterSchemaById() throws Exception {
        registry.put(3, AvroRecords.POINT);
        assertEquals(List.of(new PointParser.ParsedPoint("plant1/pump07/temp", T, 71.3)),
                parse(avro(), AvroRecords.framed(3, point("plant1/pump07/temp", T, 71.3))));
    }

    @Test
    void aSeriesTemplateBuildsTheIdFromSeveralFieldsAndAMissingOneIsADeadLetter() throws Exception {
        Schema device = SchemaBuilder.record("Device").fields().requiredString("id").endRecord();
        Schema reading = SchemaBuilder.record("Reading").fields()
                .name("device").type(device).noDefault()
                .name("metric").type().optional().stringType()
                .name("line").type().intType().noDefault()
                .requiredLong("ts")
                .requiredDouble("value")
                .endRecord();
        registry.put(5, reading);
        TopologySpec.Input in = avro();
        in.seriesTemplate = "line{line}/{device.id}/{metric}";
        GenericRecord full = new GenericRecordBuilder(reading).set("device", new GenericRecordBuilder(device).set("id", "pump7").build())
                .set("metric", "temp").set("line", 3).set("ts", T).set("value", 71.3).build();

        assertEquals(List.of(new PointParser.ParsedPoint("line3/pump7/temp", T, 71.3)), parse(in, AvroRecords.framed(5, full)));

        GenericRecord noMetric = new GenericRecordBuilder((org.apache.avro.generic.GenericData.Record) full).set("metric", null).build();
        BadRecordException e = assertThrows(BadRecordException.class, () -> parse(in, AvroRecords.framed(5, noMetric)));
        assertEquals("missing-series", e.reason());
        assertTrue(e.getMessage().contains("'metric'"), e.getMessage());
    }

    @Test
    void pathsAreDottedThroughNestedRecordsAndUnionsAreReadThroughTheirBranch() throws Exception {
        Schema device = SchemaBuilder.record("Device").fields().requiredString("id").endRecord();
        Schema reading = SchemaBuilder.record("Reading").fields()
                .name("device").type(device).noDefault()
                .name("at").type().stringType().noDefault()
                .name("temp").type().optional().doubleType()
                .name("rpm").type().optional().longType()
                .name("note").type().optional().stringType()
                .endRecord();
        registry.put(1, reading);
        TopologySpec.Input in = avro();
        in.series = "device.id";
        in.timestamp = "at";
        in.measurements = List.of("temp", "rpm", "missing");
        GenericRecord r = new GenericRecordBuilder(reading)
                .set("device", new GenericRecordBuilder(device).set("id", "pump07").build())
                .set("at", java.time.Instant.ofEpochMilli(T).toString())
                .set("temp", 71.5).set("rpm", null).set("note", "x").build();
        assertEquals(List.of(new PointParser.ParsedPoint("pump07/temp", T, 71.5)), parse(in, AvroRecords.framed(1, r)));
        in.measurements = List.of("rpm");
        assertEquals("missing-value", reason(in, AvroRecords.framed(1, r)));
        in.measurements = List.of();
        in.value = "note";
        assertEquals("bad-value", reason(in, AvroRecords.framed(1, r)));
    }

    @Test
    void anEpochFieldIsReadInItsLogicalTypesUnitOtherwiseInTimestampUnit() throws Exception {
        Schema micros = SchemaBuilder.record("P").fields().requiredString("series")
                .name("ts").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredInt("value").endRecord();
        Schema plain = SchemaBuilder.record("P").fields().requiredString("series").requiredLong("ts").requiredFloat("value").endRecord();
        registry.put(1, micros);
        registry.put(2, plain);
        TopologySpec.Input in = avro();
        in.timestampUnit = "s";
        GenericRecord a = new GenericRecordBuilder(micros).set("series", "a").set("ts", T * 1000 + 999).set("value", 7).build();
        assertEquals(List.of(new PointParser.ParsedPoint("a", T, 7.0)), parse(in, AvroRecords.framed(1, a)));
        GenericRecord b = new GenericRecordBuilder(plain).set("series", "b").set("ts", T / 1000).set("value", 1.5f).build();
        assertEquals(List.of(new PointParser.ParsedPoint("b", T / 1000 * 1000, 1.5)), parse(in, AvroRecords.framed(2, b)));
    }

    @Test
    void fieldsOfTheWrongTypeOrMissingHaveTheJsonFormatsReasons() {
        Schema s = SchemaBuilder.record("P").fields().requiredInt("series").requiredBoolean("ts").requiredDouble("value").endRecord();
        registry.put(1, s);
        byte[] rec = AvroRecords.framed(1, new GenericRecordBuilder(s).set("series", 1).set("ts", true).set("value", 1.0).build());
        assertEquals("bad-series", reason(avro(), rec));
        TopologySpec.Input in = avro();
        in.series = "nope";
        assertEquals("missing-series", reason(in, rec));
        registry.put(2, AvroRecords.POINT);
        assertEquals("non-finite-value", reason(avro(), AvroRecords.framed(2, point("a", T, Double.NaN))));
        assertEquals("timestamp-out-of-range", reason(avro(), AvroRecords.framed(2, point("a", 5, 1))));
    }

    @Test
    void badWireFormatTruncatedTrailingAndUnknownIdsAreDeadLetterReasons() {
        registry.put(1, AvroRecords.POINT);
        byte[] good = AvroRecords.framed(1, point("a", T, 1));
        assertEquals("malformed-avro", reason(avro(), java.util.Arrays.copyOf(good, good.length - 3)));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertEquals("malformed-avro", reason(avro(), trailing));
        byte[] json = "{\"series\":\"a\",\"ts\":1,\"value\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("malformed-avro", reason(avro(), json));
        assertEquals("unknown-schema", reason(avro(), AvroRecords.framed(99, point("a", T, 1))));
    }

    @Test
    void aLengthBeyondTheRecordIsMalformedWithoutAllocatingIt() {
        registry.put(1, AvroRecords.POINT);
        // A string length of 1,000,000,000 (zig-zag varint) in a 10-byte record: read as is, Avro would allocate it first.
        byte[] body = {(byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07, 'a'};
        assertEquals("malformed-avro", reason(avro(), ConfluentWire.frame(1, body)));
    }

    @Test
    void aRecursiveRecordNestedDeeperThanTheStackIsMalformedNotAThreadDeath() {
        Schema node = new Schema.Parser().parse("""
                {"type":"record","name":"Node","fields":[{"name":"series","type":"string"},
                  {"name":"ts","type":"long"},{"name":"value","type":"double"},{"name":"next","type":["null","Node"]}]}""");
        registry.put(1, node);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 6_000; i++) { // 12 bytes a level, 72 KB: a string "a", ts 0, value 0.0, the Node branch
            body.writeBytes(new byte[] {2, 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
        }
        body.writeBytes(new byte[] {2, 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        TopologySpec.Input in = avro();
        byte[] record = ConfluentWire.frame(1, body.toByteArray());
        // On a thread with a 256 KB stack 6000 levels surely overflow it, as a deeper record would on any.
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                outcome.set(parse(in, record));
            } catch (BadRecordException e) {
                outcome.set(e.reason());
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        assertTrue(join(t));
        assertEquals("malformed-avro", outcome.get());
    }

    private static boolean join(Thread t) {
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    @Test
    void aSchemaThatIsNotARecordIsNotAnObject() {
        registry.put(4, Schema.create(Schema.Type.DOUBLE));
        byte[] body = {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f}; // 1.0 as a little-endian double
        assertEquals("not-an-object", reason(avro(), ConfluentWire.frame(4, body)));
    }

    @Test
    void arraysWhoseItemsMayTakeNoBytesAreRefusedWhenTheSchemaIsLoaded() throws Exception {
        Schema nulls = SchemaBuilder.record("P").fields().requiredString("series")
                .name("pad").type().array().items().nullType().noDefault().endRecord();
        BadRecordException e = assertThrows(BadRecordException.class, () -> AvroBounds.check(1, nulls));
        assertEquals("unknown-schema", e.reason());
        AvroBounds.check(2, SchemaBuilder.record("Q").fields().name("xs").type().array().items().doubleType().noDefault()
                .name("m").type().map().values().nullType().noDefault().endRecord());
    }

    @Test
    void withKeyIsSeriesAKeyThatIsNotTheSeriesIsAKeyMismatch() throws Exception {
        registry.put(1, AvroRecords.POINT);
        TopologySpec.Input in = avro();
        in.keyIsSeries = true;
        AvroRecordParser parser = new AvroRecordParser(in, new PointChecks(in, System::currentTimeMillis), schemas);
        ParseOutput out = new ParseOutput();
        parser.parse("a".getBytes(java.nio.charset.StandardCharsets.UTF_8), AvroRecords.framed(1, point("a", T, 1)), -1, out);
        assertEquals(1, out.points().size());
        BadRecordException e = assertThrows(BadRecordException.class, () -> parser.parse(
                "b".getBytes(java.nio.charset.StandardCharsets.UTF_8), AvroRecords.framed(1, point("a", T, 1)), -1, new ParseOutput()));
        assertEquals("key-mismatch", e.reason());
        assertTrue(GenericData.get().validate(AvroRecords.POINT, point("a", T, 1)));
    }
}
