package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.ScoreRecord;
import io.surprisal.state.SeriesStateSerde;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.surprisal.stream.DetectorTopologyTest.T0;
import static io.surprisal.stream.DetectorTopologyTest.point;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One record never stops the stream: each way a record can fail ends as one dead letter, and the points behind it are scored. */
class RecordFailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Model generic = ModelDocument.generic();

    @TempDir
    Path stateDir;

    /** A value whose point fails after the detector has stepped the series' state. */
    static final double FAILING_VALUE = 666.0;

    /** Events that throw where a bug in the processors would: an unforeseen exception on one record. */
    static final class ThrowingEvents implements DetectorEvents {
        final List<String> deadLettered = new ArrayList<>();

        @Override
        public void scored(String series, ScoreRecord score, long nanos) {
            if (series.equals("boom-detect") || score.value == FAILING_VALUE) {
                throw new IllegalStateException("injected failure in detect");
            }
        }

        @Override
        public void deadLettered(String reason) {
            deadLettered.add(reason);
        }
    }

    /** A parse stage that throws on a marker record, the way PointParser threw ArithmeticException. */
    TopologyTestDriver driver(TopologySpec spec, DetectorEvents events) {
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of(), events);
        return new TopologyTestDriver(DetectorTopology.build(spec, events, generic), props);
    }

    record Topics(TestInputTopic<byte[], byte[]> in, TestOutputTopic<String, byte[]> scores,
                  TestOutputTopic<byte[], byte[]> dead) {
    }

    static Topics topics(TopologyTestDriver d) {
        return new Topics(d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer()),
                d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer()),
                d.createOutputTopic("points-dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTimestampBeyondEpochMillisecondsIsOutOfRangeAndThePointsBehindItAreScored() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f1\n");
        try (TopologyTestDriver d = driver(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            t.in().pipeInput(null, point("x", T0, 1.0));
            byte[] poison = utf8("{\"series\":\"x\",\"ts\":\"+300000000-01-01T00:00:00Z\",\"value\":1.0}");
            t.in().pipeInput(null, poison);
            t.in().pipeInput(null, point("x", T0 + 60_000, 2.0));
            TestRecord<byte[], byte[]> dead = t.dead().readRecord();
            assertEquals("timestamp-out-of-range", DeadLetters.header(dead.headers(), DeadLetters.REASON));
            assertArrayEquals(poison, dead.value());
            assertEquals(2, t.scores().readRecordsToList().size());
            assertTrue(t.dead().isEmpty());
        }
    }

    @Test
    void anUnforeseenExceptionInDetectIsAnInternalErrorDeadLetterAndTheStreamMovesOn() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f2\n");
        ThrowingEvents events = new ThrowingEvents();
        try (TopologyTestDriver d = driver(spec, events)) {
            Topics t = topics(d);
            t.in().pipeInput(null, point("good", T0, 1.0));
            t.in().pipeInput(null, point("boom-detect", T0, 7.5));
            t.in().pipeInput(null, point("good", T0 + 60_000, 2.0));
            t.in().pipeInput(null, point("boom-detect", T0 + 60_000, 8.5));

            List<TestRecord<String, byte[]>> scores = t.scores().readRecordsToList();
            assertEquals(List.of("good", "good"), scores.stream().map(TestRecord::key).toList());
            List<TestRecord<byte[], byte[]>> dead = t.dead().readRecordsToList();
            assertEquals(2, dead.size());
            TestRecord<byte[], byte[]> first = dead.get(0);
            assertEquals(DeadLetters.INTERNAL_ERROR, DeadLetters.header(first.headers(), DeadLetters.REASON));
            assertEquals("detect", DeadLetters.header(first.headers(), DeadLetters.STAGE));
            assertEquals(IllegalStateException.class.getName(), DeadLetters.header(first.headers(), DeadLetters.EXCEPTION));
            assertTrue(DeadLetters.header(first.headers(), DeadLetters.ERROR).contains("injected failure in detect"));
            assertEquals("points", DeadLetters.header(first.headers(), DeadLetters.SOURCE_TOPIC));
            assertEquals("1", DeadLetters.header(first.headers(), DeadLetters.SOURCE_OFFSET));
            JsonNode body = JSON.readTree(first.value());
            assertEquals("boom-detect", body.get("series").asText());
            assertEquals(T0, body.get("ts").asLong());
            assertEquals(7.5, body.get("value").asDouble());
            // The failed point left no state behind: the second one is the series' first again, not a "late" one.
            assertEquals(DeadLetters.INTERNAL_ERROR, DeadLetters.header(dead.get(1).headers(), DeadLetters.REASON));
            assertEquals(List.of(DeadLetters.INTERNAL_ERROR, DeadLetters.INTERNAL_ERROR), events.deadLettered);
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(DetectorTopology.SERIES_STORE);
            assertEquals(null, store.get("boom-detect"));
        }
    }

    @Test
    void aPointThatFailsAfterTheStepLeavesItsSeriesAsItWasBeforeThePoint() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f5\n");
        try (TopologyTestDriver d = driver(spec, new ThrowingEvents())) {
            Topics t = topics(d);
            t.in().pipeInput(null, point("a", T0, 1.0));
            t.in().pipeInput(null, point("a", T0 + 60_000, FAILING_VALUE));
            t.in().pipeInput(null, point("a", T0 + 120_000, 2.0));

            assertEquals(2, t.scores().readRecordsToList().size());
            assertEquals(1, t.dead().readRecordsToList().size());
            // The decoded state had taken the failed point in; the series goes on from its stored state instead.
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(DetectorTopology.SERIES_STORE);
            io.surprisal.state.SeriesState a = new SeriesStateSerde().deserialize(store.get("a"));
            assertEquals(2, a.count);
            assertEquals(2.0f, a.lastValue);
        }
    }

    @Test
    void anUnforeseenExceptionInParseCarriesTheOriginalBytes() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f3\n");
        DetectorEvents throwingOnIn = new DetectorEvents() {
            int n;

            @Override
            public void recordIn() {
                if (n++ == 1) {
                    throw new ArithmeticException("long overflow");
                }
            }
        };
        try (TopologyTestDriver d = driver(spec, throwingOnIn)) {
            Topics t = topics(d);
            t.in().pipeInput(utf8("k0"), point("a", T0, 1.0));
            byte[] second = point("a", T0 + 60_000, 2.0);
            t.in().pipeInput(utf8("k1"), second);
            t.in().pipeInput(utf8("k2"), point("a", T0 + 120_000, 3.0));
            assertEquals(2, t.scores().readRecordsToList().size());
            TestRecord<byte[], byte[]> dead = t.dead().readRecord();
            assertEquals(DeadLetters.INTERNAL_ERROR, DeadLetters.header(dead.headers(), DeadLetters.REASON));
            assertEquals("parse", DeadLetters.header(dead.headers(), DeadLetters.STAGE));
            assertEquals(ArithmeticException.class.getName(), DeadLetters.header(dead.headers(), DeadLetters.EXCEPTION));
            assertArrayEquals(second, dead.value());
            assertArrayEquals(utf8("k1"), dead.key());
            assertTrue(t.dead().isEmpty());
        }
    }

    /** Produce requests of 70,000 bytes: a dead letter's key and value may take 70,000 - 64 KiB = 4,464 of them. */
    private TopologyTestDriver smallRequests(TopologySpec spec, DetectorEvents events) {
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir,
                Map.of(org.apache.kafka.streams.StreamsConfig.producerPrefix("max.request.size"), 70_000), events);
        return new TopologyTestDriver(DetectorTopology.build(spec, events, generic), props);
    }

    @Test
    void aDeadLetterLeavesOutAKeyTooLargeForOneRequest() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f10\n");
        try (TopologyTestDriver d = smallRequests(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            byte[] malformed = utf8("{not json");
            t.in().pipeInput(new byte[10_000], malformed);
            t.in().pipeInput(utf8("k"), point("a", T0, 1.0));
            TestRecord<byte[], byte[]> dead = t.dead().readRecord();
            assertEquals("malformed-json", DeadLetters.header(dead.headers(), DeadLetters.REASON));
            assertEquals(null, dead.key(), "the key would not fit in one request under exactly-once");
            assertEquals("10000", DeadLetters.header(dead.headers(), DeadLetters.KEY_OMITTED));
            assertArrayEquals(malformed, dead.value(), "the value fits, so it stays");
            assertEquals(1, t.scores().readRecordsToList().size());
        }
    }

    @Test
    void anUnforeseenExceptionInParseOnALargeRecordIsADeadLetterWithoutItsValue() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f11\n");
        DetectorEvents throwing = new DetectorEvents() {
            @Override
            public void recordIn() {
                throw new ArithmeticException("long overflow");
            }
        };
        try (TopologyTestDriver d = smallRequests(spec, throwing)) {
            Topics t = topics(d);
            byte[] large = utf8("{\"series\":\"a\",\"ts\":" + T0 + ",\"value\":1.0,\"junk\":\"" + "x".repeat(20_000) + "\"}");
            t.in().pipeInput(utf8("k1"), large);
            TestRecord<byte[], byte[]> dead = t.dead().readRecord();
            assertEquals(DeadLetters.INTERNAL_ERROR, DeadLetters.header(dead.headers(), DeadLetters.REASON));
            assertEquals(null, dead.value());
            assertEquals(Integer.toString(large.length), DeadLetters.header(dead.headers(), DeadLetters.VALUE_OMITTED));
            assertArrayEquals(utf8("k1"), dead.key());
        }
    }

    @Test
    void aStateOfANewerFormatStopsTheTaskAndIsNotReset() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f4\n");
        try (TopologyTestDriver d = driver(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(DetectorTopology.SERIES_STORE);
            byte[] newer = new byte[600];
            newer[0] = (byte) (SeriesStateSerde.VERSION + 1);
            store.put("a", newer);
            Exception e = assertThrows(Exception.class, () -> t.in().pipeInput(null, point("a", T0, 1.0)));
            Throwable cause = e;
            while (cause != null && !(cause instanceof NewerStateFormatException)) {
                cause = cause.getCause();
            }
            assertNotNull(cause, "the task fails with NewerStateFormatException, not " + e);
            assertTrue(cause.getMessage().contains("newer"), cause.getMessage());
            assertArrayEquals(newer, store.get("a"), "the newer state is left as it was");
            assertTrue(t.scores().isEmpty());
            assertTrue(t.dead().isEmpty());
        }
    }

    @Test
    void aControlCharacterInASeriesIdGivesAValidDeadLetterBody() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f5\n");
        try (TopologyTestDriver d = driver(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            String id = "odd\u0001\"\\\n\u2028id";
            String body = "{\"series\":" + JSON.writeValueAsString(id) + ",\"ts\":" + T0 + ",\"value\":1.5}";
            t.in().pipeInput(null, utf8(body));
            t.in().pipeInput(null, utf8(body)); // a duplicate: dead-lettered by detect with the point as parsed
            assertEquals(1, t.scores().readRecordsToList().size());
            TestRecord<byte[], byte[]> dead = t.dead().readRecord();
            assertEquals("duplicate", DeadLetters.header(dead.headers(), DeadLetters.REASON));
            JsonNode parsed = JSON.readTree(dead.value());
            assertEquals(id, parsed.get("series").asText());
            assertEquals(T0, parsed.get("ts").asLong());
            assertEquals(1.5, parsed.get("value").asDouble());
        }
    }

    @Test
    void inputHeadersAreNotCopiedOntoScores() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f6\n");
        try (TopologyTestDriver d = driver(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", new byte[10_000]);
            t.in().pipeInput(new TestRecord<>(null, point("a", T0, 1.0), headers, T0));
            TestRecord<String, byte[]> score = t.scores().readRecord();
            assertEquals(0, score.headers().toArray().length);
        }
    }

    @Test
    void withKeyIsSeriesARecordKeyedByAnotherSeriesIsAKeyMismatch() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f7\ninput:\n  keyIsSeries: true\n");
        try (TopologyTestDriver d = driver(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            t.in().pipeInput(utf8("a"), point("a", T0, 1.0));
            byte[] wrong = point("a", T0 + 60_000, 2.0);
            t.in().pipeInput(utf8("b"), wrong);
            t.in().pipeInput(null, point("a", T0 + 120_000, 3.0));
            t.in().pipeInput(utf8("a"), point("a", T0 + 180_000, 4.0));
            assertEquals(2, t.scores().readRecordsToList().size());
            List<TestRecord<byte[], byte[]>> dead = t.dead().readRecordsToList();
            assertEquals(List.of(DeadLetters.KEY_MISMATCH, DeadLetters.KEY_MISMATCH),
                    dead.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList());
            assertArrayEquals(wrong, dead.get(0).value());
        }
    }

    @Test
    void withOnKeyMismatchRepartitionAMisplacedPointIsReKeyedToItsSeries() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f9\ninput:\n  keyIsSeries: true\n  onKeyMismatch: repartition\n");
        assertTrue(DetectorTopology.build(spec, DetectorEvents.NONE, generic).describe().toString().contains("rekeyed-repartition"));
        try (TopologyTestDriver d = driver(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            t.in().pipeInput(utf8("a"), point("a", T0, 1.0));
            t.in().pipeInput(utf8("b"), point("a", T0 + 60_000, 2.0));
            t.in().pipeInput(null, point("a", T0 + 120_000, 3.0));
            t.in().pipeInput(utf8("a"), point("a", T0 + 180_000, 4.0));
            assertEquals(List.of("a", "a", "a", "a"), t.scores().readRecordsToList().stream().map(TestRecord::key).toList());
            assertTrue(t.dead().isEmpty());
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(DetectorTopology.SERIES_STORE);
            assertEquals(4, new SeriesStateSerde().deserialize(store.get("a")).count, "one state saw all four points");
        }
    }

    @Test
    void withKeyIsSeriesTheKeyCanStandForTheSeriesField() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: f8\ninput:\n  keyIsSeries: true\n");
        try (TopologyTestDriver d = driver(spec, DetectorEvents.NONE)) {
            Topics t = topics(d);
            t.in().pipeInput(utf8("plant/ü"), utf8("{\"series\":\"plant/ü\",\"ts\":" + T0 + ",\"value\":1}"));
            t.in().pipeInput(utf8("plant/ü"), utf8("{\"ts\":" + (T0 + 60_000) + ",\"value\":1}"));
            assertEquals(2, t.scores().readRecordsToList().size());
            assertTrue(t.dead().isEmpty());
        }
    }
}
