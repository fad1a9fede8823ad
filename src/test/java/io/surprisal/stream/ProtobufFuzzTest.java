package io.surprisal.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated and random protobuf records at the parser: each ends as points or one dead-letter reason, never
 * another exception (an internal error) or an Error such as an OutOfMemoryError for a claimed length or a
 * StackOverflowError for deep nesting. The topology around the parser is the one every format shares
 * (FuzzTopology covers it for the others); ProtobufRegistryIT runs this format through it.
 */
class ProtobufFuzzTest {
    private static final long NOW = System.currentTimeMillis();

    /** Every wire type and a recursive message: lengths, varints, groups of fields and nesting to get wrong. */
    static final Descriptors.FileDescriptor RICH_FILE = ProtoRecords.read("""
            syntax = "proto3";
            import "google/protobuf/timestamp.proto";
            message Rich {
              string series = 1;
              google.protobuf.Timestamp ts = 2;
              oneof reading { double value = 3; string text = 4; }
              State state = 5;
              bytes raw = 6;
              fixed32 id = 7;
              repeated float xs = 8;
              map<string, string> labels = 9;
              Rich inner = 10;
              sint64 delta = 11;
              enum State { OK = 0; BAD = 1; }
            }
            message Second { string series = 1; }""");
    static final Descriptors.Descriptor RICH = RICH_FILE.findMessageTypeByName("Rich");

    private final ProtobufRecordParser parser;

    ProtobufFuzzTest() {
        TopologySpec.Input in = new TopologySpec.Input();
        in.format = "protobuf";
        in.registryUrl = "http://registry.invalid/";
        parser = new ProtobufRecordParser(in, new PointChecks(in, System::currentTimeMillis), id -> {
            if (id == 1) {
                return RICH_FILE;
            }
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " is not registered");
        });
    }

    /** 1 for a record that became points, 0 for a dead letter; anything else fails the property. */
    private int outcome(byte[] value) {
        try {
            ParseOutput out = new ParseOutput();
            parser.parse(null, value, NOW, out);
            return out.points().size() == 1 ? 1 : -1;
        } catch (BadRecordException e) {
            return e.reason() == null ? -1 : 0;
        }
    }

    @Property(tries = 600)
    void mutatedValidRecordsEndAsAPointOrADeadLetter(@ForAll("mutated") byte[] value) {
        assertTrue(outcome(value) >= 0);
    }

    @Property(tries = 300)
    void arbitraryBytesAfterTheHeaderEndAsAPointOrADeadLetter(@ForAll byte[] body) {
        assertTrue(outcome(ConfluentWire.frame(1, body)) >= 0);
    }

    @Property(tries = 200)
    void validRecordsAreAlwaysAPoint(@ForAll("records") byte[] value) {
        assertTrue(outcome(value) == 1);
    }

    private static Descriptors.FieldDescriptor f(String name) {
        return RICH.findFieldByName(name);
    }

    @Provide
    Arbitrary<byte[]> records() {
        return Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()),
                Arbitraries.longs().between(NOW - 86_400_000L * 300, NOW),
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                Arbitraries.floats().list().ofMaxSize(8)).as((s, ts, v, raw, xs) -> {
                    DynamicMessage.Builder b = DynamicMessage.newBuilder(RICH).setField(f("series"), s)
                            .setField(f("ts"), Timestamp.newBuilder().setSeconds(ts / 1000).setNanos((int) (ts % 1000) * 1_000_000).build())
                            .setField(f("value"), v)
                            .setField(f("state"), RICH.findEnumTypeByName("State").findValueByName("BAD"))
                            .setField(f("raw"), ByteString.copyFrom(raw))
                            .setField(f("id"), 0xfeedbeef)
                            .setField(f("inner"), DynamicMessage.newBuilder(RICH).setField(f("series"), "inner").build())
                            .setField(f("delta"), -ts);
                    xs.forEach(x -> b.addRepeatedField(f("xs"), x));
                    return ProtoRecords.framed(1, b.build());
                });
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 10_000);
        Arbitrary<Integer> how = Arbitraries.integers().between(0, 3);
        Arbitrary<Byte> b = Arbitraries.bytes();
        return Combinators.combine(records(), at, how, b).as((r, i, h, x) -> {
            int p = i % r.length;
            return switch (h) {
                case 0 -> java.util.Arrays.copyOf(r, p);                      // cut short
                case 1 -> { byte[] c = r.clone(); c[p] = x; yield c; }       // one byte changed
                case 2 -> { byte[] c = r.clone(); c[p] ^= (byte) (1 << (x & 7)); yield c; } // one bit flipped
                default -> { // a byte dropped: every length after it is off by one
                    byte[] c = new byte[r.length - 1];
                    System.arraycopy(r, 0, c, 0, p);
                    System.arraycopy(r, p + 1, c, p, r.length - p - 1);
                    yield c;
                }
            };
        });
    }
}
