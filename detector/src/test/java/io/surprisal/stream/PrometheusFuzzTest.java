package io.surprisal.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The prometheus format fuzzed through the whole topology: its points for the properties of {@link JsonFormatFuzz}. */
class PrometheusFuzzTest extends JsonFormatFuzz {

    PrometheusFuzzTest() {
        super("prometheus", "{format: prometheus}");
    }

    @Override
    Arbitrary<byte[]> mutatedPoints() {
        Arbitrary<Object> series = seriesValues();
        Arbitrary<Object> ts = timestampValues();
        Arbitrary<Object> value = numberValues();
        Arbitrary<Object> labels = Arbitraries.oneOf(
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(12), Arbitraries.strings().ofMaxLength(40)).ofMaxSize(6)
                        .map(m -> (Object) m),
                Arbitraries.maps(Arbitraries.of("__name__", "job", "instance", "le"), Arbitraries.of("a", "api", "+Inf", "x\\\"\n"))
                        .ofMaxSize(4).map(m -> (Object) m),
                Arbitraries.of(1, "x", List.of("a")).map(o -> (Object) o),
                Arbitraries.just(null));
        Arbitrary<Object> textValue = Arbitraries.oneOf(value,
                Arbitraries.of("NaN", "+Inf", "-Inf", "42.5", "1e3", "-0").map(v -> (Object) v));
        return Combinators.combine(series, ts, textValue, labels, cuts()).as((s, t, v, l, cutAt) -> {
            ObjectNode n = JSON.createObjectNode();
            n.set("timestamp", JSON.valueToTree(t));
            n.set("value", JSON.valueToTree(v));
            n.set("name", JSON.valueToTree(s));
            if (l != null) {
                n.set("labels", JSON.valueToTree(l));
            }
            byte[] bytes = n.toString().getBytes(StandardCharsets.UTF_8);
            return cut(bytes, cutAt);
        });
    }
}
