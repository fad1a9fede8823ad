package io.surprisal.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;


/**
 * Mutated and random protobuf records at the parser: each ends as points or one dead-letter reason, never
 * another exception (an internal error) or an Error such as an OutOfMemoryError for a claimed length or a
 * StackOverflowError for deep nesting. The topology around the parser is the one every format shares
 * (FuzzTopology covers it for the others); ProtobufRegistryIT runs this format through it.
 */
class ProtobufFuzzTest extends RegisteredFormatFuzz {

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
        TopologySpec.Input in = input("protobuf");
        parser = new ProtobufRecordParser(in, new PointChecks(in, System::currentTimeMillis), onlyIdOne(RICH_FILE));
    }

    @Override
    RecordParser parser() {
        return parser;
    }

    private static Descriptors.FieldDescriptor f(String name) {
        return RICH.findFieldByName(name);
    }

    @Override
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
}
