package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole topology for the parser fuzz tests: one per property (jqwik's lifecycle), with its own
 * state folder, and what became of a record (scores, parse and detect dead letters), checked never
 * to be an internal error and never to be nothing.
 */
final class FuzzTopology implements AutoCloseable {
    static final long NOW = System.currentTimeMillis();

    final RecordFailuresTest.Topics topics;
    private final TopologyTestDriver driver;
    private final Path stateDir;

    /** @param input the spec's input section, e.g. {@code {format: csv}}; null for the default JSON input */
    FuzzTopology(String name, String input) throws Exception {
        stateDir = Files.createTempDirectory("fuzz-" + name);
        TopologySpec spec = TopologySpec.parse("applicationId: fuzz-" + name + "\nmaxNewSeriesPerMinute: 0\n"
                + (input == null ? "" : "input: " + input + "\n"));
        driver = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()));
        topics = RecordFailuresTest.topics(driver);
    }

    @Override
    public void close() throws Exception {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Outcomes(List<TestRecord<String, byte[]>> scores, List<TestRecord<byte[], byte[]>> parseDead,
                    List<TestRecord<byte[], byte[]>> detectDead) {
    }

    /** Sends an unkeyed record stamped an hour ago and sorts what came of it. */
    Outcomes send(byte[] value) {
        return send(value, new RecordHeaders());
    }

    /** As {@link #send(byte[])}, with Kafka headers on the record. */
    Outcomes send(byte[] value, Headers headers) {
        topics.in().pipeInput(new TestRecord<>(null, value, headers, Instant.ofEpochMilli(NOW - 3_600_000)));
        List<TestRecord<String, byte[]>> scores = topics.scores().readRecordsToList();
        List<TestRecord<byte[], byte[]>> parse = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> detect = new ArrayList<>();
        String shown = value == null ? "null" : new String(value, StandardCharsets.UTF_8);
        for (var d : topics.dead().readRecordsToList()) {
            assertNoInternalError(d, shown);
            ("parse".equals(DeadLetters.header(d.headers(), DeadLetters.STAGE)) ? parse : detect).add(d);
        }
        assertTrue(scores.size() + parse.size() + detect.size() >= 1, "no outcome for " + shown);
        return new Outcomes(scores, parse, detect);
    }

    static void assertNoInternalError(TestRecord<byte[], byte[]> deadLetter, String shown) {
        String reason = DeadLetters.header(deadLetter.headers(), DeadLetters.REASON);
        assertNotEquals(DeadLetters.INTERNAL_ERROR, reason, "an exception escaped for " + shown + ": "
                + DeadLetters.header(deadLetter.headers(), DeadLetters.ERROR));
        // Its counter was registered at 0 up front, so alert rules on it see a series before the first one.
        assertTrue(KnownReasons.DEAD_LETTERS.contains(reason), "dead-letter reason '" + reason + "' is not in KnownReasons");
    }

    static boolean isSlice(byte[] part, byte[] whole) {
        outer:
        for (int i = 0; i + part.length <= whole.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (whole[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
