package io.surprisal.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import java.util.Map;


/**
 * Mutated and random avro records at the parser: each ends as points or one dead-letter reason, never
 * another exception (an internal error) or an Error such as the OutOfMemoryError that a claimed length
 * would cause if it were allocated before it was read. The topology around the parser is the one every
 * format shares (FuzzTopology covers it for the others); AvroRegistryIT runs this format through it.
 */
class AvroFuzzTest extends RegisteredFormatFuzz {

    /** Every kind a body can hold that has a length or an index to get wrong. */
    static final Schema RICH = new Schema.Parser().parse("""
            {"type":"record","name":"Rich","fields":[
              {"name":"series","type":"string"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"value","type":["null","double","string"]},
              {"name":"state","type":{"type":"enum","name":"State","symbols":["OK","BAD"]}},
              {"name":"raw","type":"bytes"},
              {"name":"id","type":{"type":"fixed","name":"Id","size":4}},
              {"name":"xs","type":{"type":"array","items":"float"}},
              {"name":"labels","type":{"type":"map","values":"string"}},
              {"name":"inner","type":{"type":"record","name":"Inner","fields":[{"name":"n","type":"int"}]}}]}""");

    private final AvroRecordParser parser;

    AvroFuzzTest() {
        TopologySpec.Input in = input("avro");
        parser = new AvroRecordParser(in, new PointChecks(in, System::currentTimeMillis), onlyIdOne(RICH));
    }

    @Override
    RecordParser parser() {
        return parser;
    }

    @Override
    Arbitrary<byte[]> records() {
        return Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()),
                Arbitraries.longs().between(NOW - 86_400_000L * 300, NOW),
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                Arbitraries.floats().list().ofMaxSize(8)).as((s, ts, v, raw, xs) -> {
                    GenericRecord r = new GenericRecordBuilder(RICH).set("series", s).set("ts", ts).set("value", v)
                            .set("state", new GenericData.EnumSymbol(RICH.getField("state").schema(), "OK"))
                            .set("raw", java.nio.ByteBuffer.wrap(raw))
                            .set("id", new GenericData.Fixed(RICH.getField("id").schema(), new byte[] {1, 2, 3, 4}))
                            .set("xs", xs).set("labels", Map.of("plant", "3"))
                            .set("inner", new GenericRecordBuilder(RICH.getField("inner").schema()).set("n", 7).build()).build();
                    return AvroRecords.framed(1, r);
                });
    }
}
