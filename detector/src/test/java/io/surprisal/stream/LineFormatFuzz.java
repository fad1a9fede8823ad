package io.surprisal.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The fuzz properties of the formats with several lines per record (csv, influx), through the whole
 * topology: whatever bytes arrive, a record ends as scores and dead letters, never as an internal error
 * and never as nothing; and in a record of good and bad lines, every numeric field of a good line has an
 * outcome and every bad line is one dead letter of its own bytes. A subclass gives the lines.
 */
abstract class LineFormatFuzz {
    static final long NOW = FuzzTopology.NOW;

    private final String format;
    private FuzzTopology fuzz;

    LineFormatFuzz(String format) {
        this.format = format;
    }

    /** One line of a record, and what it must become. */
    record Line(String text, boolean good, int numericFields) {
    }

    /** Bytes with the format's own separators and escapes among noise. */
    @Provide
    abstract Arbitrary<byte[]> linesOfNoise();

    /** Records of good and bad lines. */
    @Provide
    abstract Arbitrary<List<Line>> records();

    @BeforeProperty
    void start() throws Exception {
        fuzz = new FuzzTopology(format, "{format: " + format + "}");
    }

    @AfterProperty
    void stop() throws Exception {
        fuzz.close();
    }

    @Property(tries = 300)
    void arbitraryBytesEndAsScoresOrDeadLettersOfTheirOwnBytes(@ForAll("linesOfNoise") byte[] value) {
        FuzzTopology.Outcomes o = fuzz.send(value);
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
        FuzzTopology.Outcomes o = fuzz.send(record.getBytes(StandardCharsets.UTF_8));
        int numeric = lines.stream().mapToInt(Line::numericFields).sum();
        List<String> bad = lines.stream().filter(l -> !l.good()).map(Line::text).toList();
        assertEquals(numeric, o.scores().size() + o.detectDead().size(), "an outcome per numeric field of a good line: " + record);
        assertEquals(bad, o.parseDead().stream().map(d -> new String(d.value(), StandardCharsets.UTF_8)).toList(), record);
    }
}
