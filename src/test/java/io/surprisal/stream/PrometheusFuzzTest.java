package io.surprisal.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The prometheus format fuzzed through the whole topology: whatever bytes arrive, each record ends as
 * exactly one score or exactly one dead letter with a reason of its own, never as an internal error
 * and never as nothing.
 */
class PrometheusFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = FuzzTopology.NOW;

    private FuzzTopology fuzz;
    private RecordFailuresTest.Topics topics;

    @BeforeProperty
    void start() throws Exception {
        fuzz = new FuzzTopology("prometheus", "{format: prometheus}");
        topics = fuzz.topics;
    }

    @AfterProperty
    void stop() throws Exception {
        fuzz.close();
    }

    private void exactlyOneOutcome(byte[] key, byte[] value) {
        topics.in().pipeInput(key, value);
        List<TestRecord<String, byte[]>> scores = topics.scores().readRecordsToList();
        List<TestRecord<byte[], byte[]>> dead = topics.dead().readRecordsToList();
        String shown = value == null ? "null" : new String(value, StandardCharsets.UTF_8);
        assertEquals(1, scores.size() + dead.size(), "one outcome for " + shown);
        for (var d : dead) {
            String reason = DeadLetters.header(d.headers(), DeadLetters.REASON);
            assertNotEquals(DeadLetters.INTERNAL_ERROR, reason, "an exception escaped for " + shown + ": "
                    + DeadLetters.header(d.headers(), DeadLetters.ERROR));
        }
    }

    @Property(tries = 400)
    void arbitraryBytesEndAsOneScoreOrOneDeadLetter(@ForAll byte[] value) {
        exactlyOneOutcome(null, value);
    }

    @Property(tries = 600)
    void arbitraryJsonAroundAValidSampleEndsAsOneScoreOrOneDeadLetter(@ForAll("mutatedPoints") byte[] value) {
        exactlyOneOutcome(null, value);
    }

    @Provide
    Arbitrary<byte[]> mutatedPoints() {
        Arbitrary<Object> series = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(0).ofMaxLength(300).map(s -> (Object) s),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.just(null));
        Arbitrary<Object> ts = Arbitraries.oneOf(
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.longs().between(NOW - 86_400_000L * 365, NOW).map(l -> (Object) l),
                Arbitraries.longs().between(NOW - 86_400_000L * 365, NOW).map(l -> (Object) Instant.ofEpochMilli(l).toString()),
                Arbitraries.of("+300000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
                        "2026-11-01T00:00:00+25:00", "2026-11-01 12:00:00", "9999-12-31T23:59:59.999999999Z", "", "now")
                        .map(s -> (Object) s),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s));
        Arbitrary<Object> value = Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE, -Double.MIN_VALUE, 1e15, 1e16).map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.of("1e999", " 42 ", "0x10", "NaN", "-0").map(s -> (Object) s),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
                        .map(b -> (Object) b),
                Arbitraries.just(null));
        Arbitrary<Object> labels = Arbitraries.oneOf(
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(12), Arbitraries.strings().ofMaxLength(40)).ofMaxSize(6)
                        .map(m -> (Object) m),
                Arbitraries.maps(Arbitraries.of("__name__", "job", "instance", "le"), Arbitraries.of("a", "api", "+Inf", "x\\\"\n"))
                        .ofMaxSize(4).map(m -> (Object) m),
                Arbitraries.of(1, "x", List.of("a")).map(o -> (Object) o),
                Arbitraries.just(null));
        Arbitrary<Object> textValue = Arbitraries.oneOf(value,
                Arbitraries.of("NaN", "+Inf", "-Inf", "42.5", "1e3", "-0").map(v -> (Object) v));
        Arbitrary<Integer> cut = Arbitraries.integers().between(-1, 200);
        return Combinators.combine(series, ts, textValue, labels, cut).as((s, t, v, l, cutAt) -> {
            ObjectNode n = JSON.createObjectNode();
            n.set("timestamp", JSON.valueToTree(t));
            n.set("value", JSON.valueToTree(v));
            n.set("name", JSON.valueToTree(s));
            if (l != null) {
                n.set("labels", JSON.valueToTree(l));
            }
            byte[] bytes = n.toString().getBytes(StandardCharsets.UTF_8);
            // Sometimes cut short, as a producer that died mid-write would leave it.
            return cutAt >= 0 && cutAt < bytes.length ? java.util.Arrays.copyOf(bytes, cutAt) : bytes;
        });
    }
}
