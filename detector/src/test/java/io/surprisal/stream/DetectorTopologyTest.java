package io.surprisal.stream;

import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.Detector;
import io.surprisal.score.ScoreRecord;
import io.surprisal.state.SeriesState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorTopologyTest {
    static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    final Model generic = ModelDocument.generic();

    @TempDir
    Path stateDir;

    static byte[] point(String series, long ts, double value) {
        return ("{\"series\":\"" + series + "\",\"ts\":\"" + Instant.ofEpochMilli(ts) + "\",\"value\":" + value + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static double valueOf(int series, int i) {
        return 20 + series + 5 * Math.sin(2 * Math.PI * i / 48.0) + ((i * 7919 + series * 104729) % 100) / 100.0
                + (i == 500 ? 40 : 0);
    }

    TopologyTestDriver driver(TopologySpec spec) {
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of());
        return new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, generic), props);
    }

    @Test
    void scoresEqualAnOfflineReplayBitForBit() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: t1\n");
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            Map<String, List<byte[]>> expected = new HashMap<>();
            Map<String, SeriesState> offline = new HashMap<>();
            Detector detector = new Detector(generic, spec.scoring.toConfig());
            ScoreJson json = new ScoreJson();
            ScoreRecord r = new ScoreRecord();
            for (int i = 0; i < 600; i++) {
                for (int s = 0; s < 3; s++) {
                    String id = "plant/s" + s;
                    long ts = T0 + i * 60_000L;
                    double v = valueOf(s, i);
                    in.pipeInput(null, point(id, ts, v));
                    SeriesState st = offline.computeIfAbsent(id, k -> detector.newState());
                    detector.update(st, ts, v, r);
                    expected.computeIfAbsent(id, k -> new ArrayList<>()).add(json.write(id, r));
                }
            }
            Map<String, List<byte[]>> actual = new HashMap<>();
            for (var rec : out.readRecordsToList()) {
                actual.computeIfAbsent(rec.key(), k -> new ArrayList<>()).add(rec.value());
            }
            assertEquals(expected.keySet(), actual.keySet());
            for (String id : expected.keySet()) {
                assertEquals(expected.get(id).size(), actual.get(id).size(), id);
                for (int i = 0; i < expected.get(id).size(); i++) {
                    assertArrayEquals(expected.get(id).get(i), actual.get(id).get(i), id + " point " + i);
                }
            }
            String spike = new String(actual.get("plant/s1").get(500), StandardCharsets.UTF_8);
            assertTrue(spike.contains("\"anomaly\":true"), spike);
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithReasonAndSource() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: t2\n");
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> dlq = d.createOutputTopic("points-dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("{\"series\":\"a\",\"ts\":", "malformed-json");
            cases.put("[1,2,3]", "not-an-object");
            cases.put("{\"ts\":\"2026-11-01T00:00:00Z\",\"value\":1}", "missing-series");
            cases.put("{\"series\":\"a\",\"value\":1}", "missing-timestamp");
            cases.put("{\"series\":\"a\",\"ts\":\"2026-11-01T00:00:00Z\"}", "missing-value");
            cases.put("{\"series\":\"a\",\"ts\":\"yesterday\",\"value\":1}", "bad-timestamp");
            cases.put("{\"series\":\"a\",\"ts\":\"2026-11-01T00:00:00Z\",\"value\":\"hot\"}", "bad-value");
            cases.put("{\"series\":\"a\",\"ts\":\"2026-11-01T00:00:00Z\",\"value\":NaN}", "non-finite-value");
            cases.put("{\"series\":\"a\",\"ts\":\"2026-11-01T00:00:00Z\",\"value\":1e999}", "non-finite-value");
            cases.put("{\"series\":\"a\",\"ts\":\"1970-01-01T00:00:00Z\",\"value\":1}", "timestamp-out-of-range");
            cases.put("", "empty-record");
            int offset = 0;
            for (var c : cases.entrySet()) {
                in.pipeInput(null, c.getKey().getBytes(StandardCharsets.UTF_8));
                offset++;
            }
            in.pipeInput(null, point("a", T0, 1.0));                 // good
            in.pipeInput(null, point("a", T0, 1.0));                 // duplicate
            in.pipeInput(null, point("a", T0 - 60_000, 2.0));        // late
            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            List<String> expectedReasons = new ArrayList<>(cases.values());
            expectedReasons.add("duplicate");
            expectedReasons.add("late");
            assertEquals(expectedReasons.size(), dead.size());
            int i = 0;
            for (String body : cases.keySet()) {
                TestRecord<byte[], byte[]> rec = dead.get(i);
                assertEquals(cases.get(body), DeadLetters.header(rec.headers(), DeadLetters.REASON), body);
                assertEquals("parse", DeadLetters.header(rec.headers(), DeadLetters.STAGE));
                assertEquals("points", DeadLetters.header(rec.headers(), DeadLetters.SOURCE_TOPIC));
                assertEquals(Integer.toString(i), DeadLetters.header(rec.headers(), DeadLetters.SOURCE_OFFSET));
                assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), rec.value(), "original bytes");
                i++;
            }
            assertEquals("duplicate", DeadLetters.header(dead.get(i).headers(), DeadLetters.REASON));
            assertEquals("detect", DeadLetters.header(dead.get(i).headers(), DeadLetters.STAGE));
            assertEquals(Integer.toString(offset + 1), DeadLetters.header(dead.get(i).headers(), DeadLetters.SOURCE_OFFSET));
            assertEquals("late", DeadLetters.header(dead.get(i + 1).headers(), DeadLetters.REASON));
            assertEquals(1, scores.readRecordsToList().size());
        }
    }

    /**
     * One point stamped twenty hours ahead (a device clock that jumped forward, within input.maxFutureSkew) does not
     * turn the series' next twenty hours away as late: the points on time after it are scored. A point older than
     * the newest one on time is still late, and so is one out of order in a series stamped ahead throughout.
     */
    @Test
    void aPointStampedAheadOfTheClockDoesNotStallItsSeries() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: t-ahead\n");
        long now = System.currentTimeMillis() / 60_000 * 60_000;
        java.util.concurrent.atomic.AtomicInteger steppedBack = new java.util.concurrent.atomic.AtomicInteger();
        DetectorEvents events = new DetectorEvents() {
            @Override
            public void seriesSteppedBack() {
                steppedBack.incrementAndGet();
            }
        };
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of());
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, events, generic), props,
                Instant.ofEpochMilli(now))) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> dlq = d.createOutputTopic("points-dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            long minute = 60_000;
            for (int i = 60; i > 10; i--) {
                in.pipeInput(null, point("a", now - i * minute, 20 + i % 3));
            }
            in.pipeInput(null, point("a", now + 20 * 60 * minute, 21));   // the clock jumped
            for (int i = 10; i >= 0; i--) {
                in.pipeInput(null, point("a", now - i * minute, 20 + i % 3));   // on time again
            }
            assertEquals(62, scores.readRecordsToList().size(), "every point scored");
            assertTrue(dlq.readRecordsToList().isEmpty());
            assertEquals(1, steppedBack.get());

            in.pipeInput(null, point("a", now - 30 * minute, 20));   // older than the newest point on time
            for (int i = 0; i < 5; i++) {
                in.pipeInput(null, point("b", now + 120 * minute + i * minute, 20));
            }
            in.pipeInput(null, point("b", now + 122 * minute + 30_000, 20));   // out of order, and ahead like the rest
            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertEquals(List.of("late", "late"), dead.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList());
            assertEquals(1, steppedBack.get());
        }
    }

    /** With the stream's own limit off, a value the detector cannot hold is still a dead letter, at the detect stage. */
    @Test
    void aValueBeyondTheDetectorsRangeIsADeadLetterWhateverTheInputLimit() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: t-range\ninput:\n  maxAbsValue: 0\n");
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> dlq = d.createOutputTopic("points-dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(null, point("a", T0, 1.0));
            in.pipeInput(null, point("a", T0 + 60_000, 1e30));
            in.pipeInput(null, point("a", T0 + 120_000, 2.0));
            assertEquals(2, scores.readRecordsToList().size());
            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("value-out-of-range", DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON));
            assertEquals("detect", DeadLetters.header(dead.get(0).headers(), DeadLetters.STAGE));
        }
    }

    @Test
    void oneRecordWithSeveralMeasurementsFansOut() throws Exception {
        TopologySpec spec = TopologySpec.parse("""
                applicationId: t3
                input:
                  series: device
                  measurements: [temp, rpm]
                """);
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(null, "{\"device\":\"pump7\",\"ts\":1793491200000,\"temp\":71.3,\"rpm\":1480}".getBytes(StandardCharsets.UTF_8));
            List<String> keys = scores.readRecordsToList().stream().map(TestRecord::key).toList();
            assertEquals(List.of("pump7/temp", "pump7/rpm"), keys);
        }
    }

    @Test
    void aPublishedModelIsPickedUpAndAPoisonedOneIsRejected() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: t4\n");
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<String, byte[]> models = d.createInputTopic("surprisal-models", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(null, point("a", T0, 1.0));
            assertTrue(new String(scores.readValue(), StandardCharsets.UTF_8).contains("\"model\":\"" + generic.version() + "\""));

            Model next = new Model("generic", "v2", generic.layout(), generic.weights(), generic.features(), generic.normalization(), null);
            models.pipeInput("generic", ModelDocument.write(next));
            d.advanceWallClockTime(Duration.ofSeconds(2));
            in.pipeInput(null, point("a", T0 + 60_000, 2.0));
            assertTrue(new String(scores.readValue(), StandardCharsets.UTF_8).contains("\"model\":\"v2\""));

            String poisoned = new String(ModelDocument.write(new Model("generic", "v3", generic.layout(), generic.weights(),
                    generic.features(), generic.normalization(), null)), StandardCharsets.UTF_8)
                    .replaceFirst("crc32c:[0-9a-f]{8}", "crc32c:deadbeef");
            models.pipeInput("generic", poisoned.getBytes(StandardCharsets.UTF_8));
            d.advanceWallClockTime(Duration.ofSeconds(2));
            in.pipeInput(null, point("a", T0 + 120_000, 3.0));
            assertTrue(new String(scores.readValue(), StandardCharsets.UTF_8).contains("\"model\":\"v2\""));
        }
    }

    @Test
    void keyedInputSkipsTheRepartition() throws Exception {
        TopologySpec keyed = TopologySpec.parse("applicationId: t5\ninput:\n  keyIsSeries: true\n");
        TopologySpec unkeyed = TopologySpec.parse("applicationId: t5\n");
        String a = DetectorTopology.build(keyed, DetectorEvents.NONE, generic).describe().toString();
        String b = DetectorTopology.build(unkeyed, DetectorEvents.NONE, generic).describe().toString();
        assertTrue(!a.contains("repartition"), a);
        assertTrue(b.contains("by-series-repartition"), b);
    }
}
