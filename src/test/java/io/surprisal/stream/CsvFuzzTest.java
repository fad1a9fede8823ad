package io.surprisal.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The csv parser fuzzed through the whole topology: whatever bytes arrive, a record ends as scores
 * and dead letters, never as an internal error and never as nothing; and in a record of good and
 * bad lines, every numeric field of a good line has an outcome and every bad line is one dead letter
 * of its own bytes.
 */
class CsvFuzzTest {
    private static final long NOW = FuzzTopology.NOW;

    private FuzzTopology fuzz;
    private RecordFailuresTest.Topics topics;

    @BeforeProperty
    void start() throws Exception {
        fuzz = new FuzzTopology("csv", "{format: csv}");
        topics = fuzz.topics;
    }

    @AfterProperty
    void stop() throws Exception {
        fuzz.close();
    }

    private FuzzTopology.Outcomes send(byte[] value) {
        return fuzz.send(value);
    }

    @Property(tries = 300)
    void arbitraryBytesEndAsScoresOrDeadLettersOfTheirOwnBytes(@ForAll("linesOfNoise") byte[] value) {
        FuzzTopology.Outcomes o = send(value);
        int lines = 1;
        for (byte b : value) {
            lines += b == '\n' ? 1 : 0;
        }
        assertTrue(o.parseDead().size() <= lines, "at most a dead letter per line");
        for (var d : o.parseDead()) {
            if (DeadLetters.header(d.headers(), DeadLetters.SOURCE_LINE) != null) {
                assertTrue(FuzzTopology.isSlice(d.value(), value), "a line dead letter carries bytes of its record");
            } else {
                assertArrayEquals(value, d.value(), "a record dead letter carries the record");
            }
        }
    }

    @Property(tries = 300)
    void goodLinesAreScoredAndEachBadLineIsOneDeadLetter(@ForAll("records") List<Line> lines) {
        String record = String.join("\n", lines.stream().map(Line::text).toList());
        FuzzTopology.Outcomes o = send(record.getBytes(StandardCharsets.UTF_8));
        int numeric = lines.stream().mapToInt(Line::numericFields).sum();
        List<String> bad = lines.stream().filter(l -> !l.good()).map(Line::text).toList();
        assertEquals(numeric, o.scores().size() + o.detectDead().size(), "an outcome per numeric field of a good line: " + record);
        assertEquals(bad, o.parseDead().stream().map(d -> new String(d.value(), StandardCharsets.UTF_8)).toList(), record);
    }

    /** One line of a record, and what it must become. */
    record Line(String text, boolean good, int numericFields) {
    }

    @Provide
    Arbitrary<byte[]> linesOfNoise() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("a", "plant/x", ",", " ", "\"", "\"\"", "\n", "\r\n", "\r", "1", "-", ".", "e", "NaN", "+Inf",
                        "series", "ts", "value", "2026-11-24T12:00:00Z", String.valueOf(NOW - 1000), "99999999999999999999",
                        "\u00e9", "\u0000"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<byte[]> structured = token.list().ofMaxSize(40).map(ts -> String.join("", ts).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(structured, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Provide
    Arbitrary<List<Line>> records() {
        return Arbitraries.oneOf(goodLine(), goodLine(), badLine()).list().ofMinSize(1).ofMaxSize(6);
    }

    Arbitrary<Line> goodLine() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '.', '-', '_')
                .ofMinLength(1).ofMaxLength(12).filter(s -> !s.equalsIgnoreCase("series"));
        Arbitrary<String> quoted = Arbitraries.strings().withCharRange('a', 'z').withChars(',', '"', '\n', ' ', '\u00e9')
                .ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank()).map(s -> "\"" + s.replace("\"", "\"\"") + "\"");
        Arbitrary<Long> ms = Arbitraries.longs().between(NOW - 86_400_000L * 300, NOW);
        Arbitrary<String> ts = Arbitraries.oneOf(ms.map(String::valueOf), ms.map(m -> Instant.ofEpochMilli(m).toString()),
                ms.map(m -> "\"" + Instant.ofEpochMilli(m) + "\""));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).map(d -> Double.toString(d)),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("0", "-0.5", ".5", "1e3", " 7 ", "\"42.5\""));
        Arbitrary<String> end = Arbitraries.of("", "\r");
        return Combinators.combine(Arbitraries.oneOf(plain, quoted), ts, value, end)
                .as((s, t, v, e) -> new Line(s + "," + t + "," + v + e, true, 1));
    }

    Arbitrary<Line> badLine() {
        Arbitrary<String> bad = Arbitraries.of("a", "a,1", "a,1,2,3", "a,yesterday,1", "a,1,1", "," + NOW + ",1", "a,,1",
                "a," + NOW + ",", "a," + NOW + ",hot", "a," + NOW + ",NaN", "a," + NOW + ",1e999", "a\"b," + NOW + ",1",
                "\"a\"b," + NOW + ",1", "a," + NOW + ",0x10", "x".repeat(300) + "," + NOW + ",1", "name,time,reading");
        return bad.map(s -> new Line(s, false, 0));
    }
}
