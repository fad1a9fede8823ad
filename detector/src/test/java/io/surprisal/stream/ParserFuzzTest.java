package io.surprisal.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;

/** The json format fuzzed through the whole topology: its points for the properties of {@link JsonFormatFuzz}. */
class ParserFuzzTest extends JsonFormatFuzz {

    ParserFuzzTest() {
        super("json", null);
    }

    @Override
    Arbitrary<byte[]> mutatedPoints() {
        Arbitrary<Object> series = seriesValues();
        Arbitrary<Object> ts = timestampValues();
        Arbitrary<Object> value = numberValues();
        Arbitrary<String> extraKey = Arbitraries.strings().ofMaxLength(10);
        return Combinators.combine(series, ts, value, extraKey, cuts()).as((s, t, v, extra, cutAt) -> {
            ObjectNode n = JSON.createObjectNode();
            n.set("series", JSON.valueToTree(s));
            n.set("ts", JSON.valueToTree(t));
            n.set("value", JSON.valueToTree(v));
            if (!extra.isEmpty()) {
                n.putObject(extra).putArray("x").add(1).add("y").addNull();
            }
            byte[] bytes = n.toString().getBytes(StandardCharsets.UTF_8);
            return cut(bytes, cutAt);
        });
    }
}
