package io.surprisal.stream;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtobufRecordParserTest {
    private static final long T = System.currentTimeMillis() - 3_600_000L;
    private static final Descriptors.Descriptor P = ProtoRecords.POINT;

    private final Map<Integer, Descriptors.FileDescriptor> registry = new HashMap<>(Map.of(1, ProtoRecords.POINT_FILE));
    private final AtomicInteger lookups = new AtomicInteger();
    private final SchemaSource<Descriptors.FileDescriptor> schemas = id -> {
        lookups.incrementAndGet();
        Descriptors.FileDescriptor f = registry.get(id);
        if (f == null) {
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " is not registered");
        }
        return f;
    };

    private List<PointParser.ParsedPoint> parse(TopologySpec.Input input, byte[] value) throws BadRecordException {
        ParseOutput out = new ParseOutput();
        parser(input).parse(null, value, -1, out);
        return List.copyOf(out.points());
    }

    private ProtobufRecordParser parser(TopologySpec.Input input) {
        return new ProtobufRecordParser(input, new PointChecks(input, System::currentTimeMillis), schemas);
    }

    private String reason(TopologySpec.Input input, byte[] value) {
        return assertThrows(BadRecordException.class, () -> parse(input, value)).reason();
    }

    private static TopologySpec.Input protobuf() {
        TopologySpec.Input in = new TopologySpec.Input();
        in.format = "protobuf";
        in.registryUrl = "http://registry.invalid/apis/ccompat/v7";
        return in;
    }

    private static DynamicMessage.Builder with(DynamicMessage m) {
        return m.toBuilder();
    }

    private static Descriptors.FieldDescriptor f(String name) {
        return P.findFieldByName(name);
    }

    @Test
    void aPointIsReadWithItsSchemaByIdAndATimestampMessage() throws Exception {
        assertEquals(List.of(new PointParser.ParsedPoint("plant1/pump07/temp", T, 71.3)),
                parse(protobuf(), ProtoRecords.framed(1, ProtoRecords.point("plant1/pump07/temp", T, 71.3))));
    }

    @Test
    void aParserFollowsItsRecordsFromSchemaToSchema() throws Exception {
        // The parser keeps the last type's resolved fields: a record of another schema must not be read with them.
        registry.put(2, ProtoRecords.read("""
                syntax = "proto3";
                message Reading { double value = 1; string series = 2; int64 ts = 3; }"""));
        Descriptors.Descriptor reading = registry.get(2).getMessageTypes().get(0);
        Message r = DynamicMessage.newBuilder(reading).setField(reading.findFieldByName("value"), 5.0)
                .setField(reading.findFieldByName("series"), "b").setField(reading.findFieldByName("ts"), T).build();
        ProtobufRecordParser parser = parser(protobuf());
        ParseOutput out = new ParseOutput();
        for (int i = 0; i < 4; i++) {
            out.clear();
            byte[] rec = i % 2 == 0 ? ProtoRecords.framed(1, ProtoRecords.point("a", T + i, i)) : ProtoRecords.framed(2, r);
            parser.parse(null, rec, -1, out);
            assertEquals(i % 2 == 0 ? new PointParser.ParsedPoint("a", T + i, i) : new PointParser.ParsedPoint("b", T, 5),
                    out.points().get(0));
        }
        assertEquals(4, lookups.get());
    }

    @Test
    void pathsAreDottedThroughNestedMessagesWrappersAreReadThroughAndTagsKept() throws Exception {
        TopologySpec.Input in = protobuf();
        in.series = "device.id";
        in.timestamp = "at";
        in.measurements = List.of("temp", "rpm", "missing");
        in.tags = List.of("plant", "kind", "device.zone", "on", "history");
        Descriptors.Descriptor device = P.findNestedTypeByName("Device");
        DynamicMessage m = DynamicMessage.newBuilder(P)
                .setField(f("device"), DynamicMessage.newBuilder(device)
                        .setField(device.findFieldByName("id"), "pump07")
                        .setField(device.findFieldByName("zone"), -1).build())
                .setField(f("at"), java.time.Instant.ofEpochMilli(T).toString())
                .setField(f("temp"), DoubleValue.of(71.5))
                .setField(f("kind"), P.findEnumTypeByName("Kind").findValueByName("PUMP"))
                .setField(f("plant"), "north")
                .addRepeatedField(f("history"), 1.0)
                .build();
        assertEquals(List.of(new PointParser.ParsedPoint("pump07/temp", T, 71.5,
                        Arrays.asList("north", "PUMP", "4294967295", "false", null))),
                parse(in, ProtoRecords.framed(1, m)));
        in.measurements = List.of("rpm");
        assertEquals("missing-value", reason(in, ProtoRecords.framed(1, m)));
        in.measurements = List.of();
        in.value = "plant";
        assertEquals("bad-value", reason(in, ProtoRecords.framed(1, m)));
        in.value = "history";
        assertEquals("bad-value", reason(in, ProtoRecords.framed(1, m)));
        in.value = "temp";
        in.series = "kind";
        assertEquals("PUMP", parse(in, ProtoRecords.framed(1, m)).get(0).series());
    }

    @Test
    void integerEpochsAreInTimestampUnitAndUnsignedValuesStayPositive() throws Exception {
        TopologySpec.Input in = protobuf();
        in.timestamp = "epoch_ms";
        in.timestampUnit = "ms";
        in.value = "rpm";
        Message m = with(ProtoRecords.point("a", 0, 0)).setField(f("epoch_ms"), T).setField(f("rpm"), 1500L).build();
        assertEquals(List.of(new PointParser.ParsedPoint("a", T, 1500)), parse(in, ProtoRecords.framed(1, m)));
        Message huge = with(ProtoRecords.point("a", 0, 0)).setField(f("epoch_ms"), -1L).build();
        assertEquals("timestamp-out-of-range", reason(in, ProtoRecords.framed(1, huge)));
        in.timestampUnit = "s";
        in.timestamp = "device.zone"; // uint32, an epoch in seconds
        Descriptors.Descriptor device = P.findNestedTypeByName("Device");
        Message z = with(ProtoRecords.point("a", 0, 0)).setField(f("rpm"), 3L)
                .setField(f("device"), DynamicMessage.newBuilder(device).setField(device.findFieldByName("zone"), (int) (T / 1000)).build()).build();
        assertEquals(T / 1000 * 1000, parse(in, ProtoRecords.framed(1, z)).get(0).ts());
    }

    @Test
    void fieldsOfTheWrongTypeOrMissingHaveTheJsonFormatsReasons() {
        TopologySpec.Input in = protobuf();
        in.series = "value";
        assertEquals("bad-series", reason(in, ProtoRecords.framed(1, ProtoRecords.point("a", T, 1))));
        in.series = "nope";
        assertEquals("missing-series", reason(in, ProtoRecords.framed(1, ProtoRecords.point("a", T, 1))));
        assertEquals("missing-series", reason(protobuf(), ProtoRecords.framed(1, ProtoRecords.point("", T, 1))));
        in = protobuf();
        in.timestamp = "on";
        assertEquals("bad-timestamp", reason(in, ProtoRecords.framed(1, ProtoRecords.point("a", T, 1))));
        in.timestamp = "device";
        assertEquals("missing-timestamp", reason(in, ProtoRecords.framed(1, ProtoRecords.point("a", T, 1))));
        assertEquals("non-finite-value", reason(protobuf(), ProtoRecords.framed(1, ProtoRecords.point("a", T, Double.NaN))));
        assertEquals("timestamp-out-of-range", reason(protobuf(), ProtoRecords.framed(1, ProtoRecords.point("a", 5, 1))));
        Message far = with(ProtoRecords.point("a", T, 1)).setField(f("ts"),
                com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 10).build()).build();
        assertEquals("timestamp-out-of-range", reason(protobuf(), ProtoRecords.framed(1, far)));
    }

    @Test
    void messageIndexesSelectTheTypeAndBadOnesAreMalformed() throws Exception {
        Descriptors.Descriptor other = ProtoRecords.POINT_FILE.findMessageTypeByName("Other");
        DynamicMessage o = DynamicMessage.newBuilder(other).setField(other.findFieldByName("name"), "x")
                .setField(other.findFieldByName("count"), -7L).build();
        TopologySpec.Input in = protobuf();
        in.series = "name";
        in.value = "count";
        in.timestamp = JsonRecordParser.KAFKA_TIMESTAMP;
        ParseOutput out = new ParseOutput();
        ProtobufRecordParser parser = parser(in);
        parser.parse(null, ProtoRecords.framed(1, new int[] {1}, o.toByteArray()), T, out);
        assertEquals(List.of(new PointParser.ParsedPoint("x", T, -7)), out.points());
        // the explicit path [0] is the lone 0's first message, Point, whose 'name' does not exist
        assertEquals("missing-series", reason(in, ProtoRecords.framed(1, new int[] {0}, o.toByteArray())));
        assertEquals("malformed-protobuf", reason(in, ProtoRecords.framed(1, new int[] {2}, o.toByteArray())));
        assertEquals("malformed-protobuf", reason(in, ProtoRecords.framed(1, new int[] {0, 5}, o.toByteArray())));
        byte[] negative = ProtoRecords.framed(1, new int[0], new byte[0]);
        negative[5] = 1; // zig-zag -1 as the count
        assertEquals("malformed-protobuf", reason(in, negative));
        assertEquals("malformed-protobuf", reason(in, new byte[] {0, 0, 0, 0, 1}));
        assertEquals("malformed-protobuf", reason(in, new byte[] {0, 0, 0, 0, 1, (byte) 0x80}));
    }

    @Test
    void badWireFormatTruncatedBodiesAndUnknownIdsAreDeadLetterReasons() {
        byte[] good = ProtoRecords.framed(1, ProtoRecords.point("a", T, 1));
        assertEquals("malformed-protobuf", reason(protobuf(), Arrays.copyOf(good, good.length - 3)));
        byte[] json = "{\"series\":\"a\",\"ts\":1,\"value\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("malformed-protobuf", reason(protobuf(), json));
        assertEquals("unknown-schema", reason(protobuf(), ProtoRecords.framed(99, ProtoRecords.point("a", T, 1))));
        // A string length of 1,000,000,000 in a 12-byte record: refused before anything is allocated for it.
        byte[] claim = {0x0a, (byte) 0x80, (byte) 0x94, (byte) 0xeb, (byte) 0xdc, 0x03, 'a'};
        assertEquals("malformed-protobuf", reason(protobuf(), ProtoRecords.framed(1, new int[0], claim)));
    }

    @Test
    void nestingDeeperThanTheRecursionLimitIsMalformedNotAStackOverflow() throws Exception {
        Descriptors.FileDescriptor file = ProtoRecords.read("""
                syntax = "proto3";
                message Node { Node child = 1; string series = 2; double value = 3; int64 ts = 4; }""");
        registry.put(7, file);
        byte[] body = new byte[0];
        for (int i = 0; i < 150; i++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(0x0a); // field 1 (child), length-delimited
            ProtoRecords.varint(out, body.length);
            out.write(body, 0, body.length);
            body = out.toByteArray();
        }
        assertEquals("malformed-protobuf", reason(protobuf(), ProtoRecords.framed(7, new int[0], body)));
    }

    @Test
    void schemaTextIsReadWithWellKnownImportsAndOtherImportsOrBadTextAreUnknownSchemas() {
        assertEquals("surprisal.test.Point", ProtoRecords.POINT.getFullName());
        assertEquals("unknown-schema", assertThrows(BadRecordException.class,
                () -> ProtoDescriptors.read(2, "syntax = \"proto3\"; import \"other.proto\"; message A { other.B b = 1; }")).reason());
        BadRecordException typo = assertThrows(BadRecordException.class,
                () -> ProtoDescriptors.read(3, "syntax = \"proto3\"; message A { strin x = 1; }"));
        assertEquals("unknown-schema", typo.reason());
        assertTrue(typo.getMessage().startsWith("schema 3 is not a .proto schema this detector can read: "), typo.getMessage());
        assertEquals("unknown-schema", assertThrows(BadRecordException.class,
                () -> ProtoDescriptors.read(4, "syntax = \"proto3\"; enum E { A = 0; }")).reason());
        assertEquals("unknown-schema", assertThrows(BadRecordException.class,
                () -> RegistrySchemas.parse(5, "{\"schema\":\"{}\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        ProtobufRecordParser.SCHEMAS)).reason());
    }
}
