package io.surprisal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The fuzz properties of the formats of one JSON point per record (json, prometheus), through the whole
 * topology: whatever bytes arrive, and whatever JSON surrounds a point, each record ends as exactly one
 * score or exactly one dead letter with a reason of its own, never as an internal error (an exception the
 * handler caught) and never as nothing. A subclass gives the points, built from the field values here.
 */
abstract class JsonFormatFuzz {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long NOW = FuzzTopology.NOW;

    private final String format;
    private final String input;
    private FuzzTopology fuzz;

    /** {@code input}: the spec's input section (null for the default json one). */
    JsonFormatFuzz(String format, String input) {
        this.format = format;
        this.input = input;
    }

    /** Points of the format with odd field values around them, sometimes cut short. */
    @Provide
    abstract Arbitrary<byte[]> mutatedPoints();

    @BeforeProperty
    void start() throws Exception {
        fuzz = new FuzzTopology(format, input);
    }

    @AfterProperty
    void stop() throws Exception {
        fuzz.close();
    }

    @Property(tries = 400)
    void arbitraryBytesEndAsOneScoreOrOneDeadLetter(@ForAll byte[] value) {
        exactlyOneOutcome(value);
    }

    @Property(tries = 600)
    void arbitraryJsonAroundAValidPointEndsAsOneScoreOrOneDeadLetter(@ForAll("mutatedPoints") byte[] value) {
        exactlyOneOutcome(value);
    }

    private void exactlyOneOutcome(byte[] value) {
        fuzz.topics.in().pipeInput(null, value);
        List<TestRecord<String, byte[]>> scores = fuzz.topics.scores().readRecordsToList();
        List<TestRecord<byte[], byte[]>> dead = fuzz.topics.dead().readRecordsToList();
        String shown = value == null ? "null" : new String(value, StandardCharsets.UTF_8);
        assertEquals(1, scores.size() + dead.size(), "one outcome for " + shown);
        for (var d : dead) {
            String reason = DeadLetters.header(d.headers(), DeadLetters.REASON);
            assertNotEquals(DeadLetters.INTERNAL_ERROR, reason, "an exception escaped for " + shown + ": "
                    + DeadLetters.header(d.headers(), DeadLetters.ERROR));
        }
    }

    /** Series ids: long, plain, not text, absent. */
    static Arbitrary<Object> seriesValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(0).ofMaxLength(300).map(s -> (Object) s),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.just(null));
    }

    /** Timestamps: any epoch, a recent one as a number or as text, impossible dates, not a time at all. */
    static Arbitrary<Object> timestampValues() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.longs().between(NOW - 86_400_000L * 365, NOW).map(l -> (Object) l),
                Arbitraries.longs().between(NOW - 86_400_000L * 365, NOW).map(l -> (Object) Instant.ofEpochMilli(l).toString()),
                Arbitraries.of("+300000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
                        "2026-11-01T00:00:00+25:00", "2026-11-01 12:00:00", "9999-12-31T23:59:59.999999999Z", "", "now")
                        .map(s -> (Object) s),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s));
    }

    /** Values: any double, the extremes, text (numeric or not), huge integers, absent. */
    static Arbitrary<Object> numberValues() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE, -Double.MIN_VALUE, 1e15, 1e16).map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.of("1e999", " 42 ", "0x10", "NaN", "-0").map(s -> (Object) s),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
                        .map(b -> (Object) b),
                Arbitraries.just(null));
    }

    /** Where to cut a record short (-1: not at all), as a producer that died mid-write would leave it. */
    static Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(-1, 200);
    }

    static byte[] cut(byte[] bytes, int at) {
        return at >= 0 && at < bytes.length ? Arrays.copyOf(bytes, at) : bytes;
    }
}
