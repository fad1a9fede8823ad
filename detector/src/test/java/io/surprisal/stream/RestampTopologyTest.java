package io.surprisal.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.document.ModelDocument;
import io.surprisal.model.Model;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.surprisal.stream.DetectorTopologyTest.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records whose timestamps the topics written would refuse leave with the time they were processed: scores, parse
 * and detect dead letters, and points that take the repartition topic; the score still names the point's own time.
 */
class RestampTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;
    private static final long NOW = System.currentTimeMillis();
    private static final long OLD = NOW - 48 * HOUR;
    private final Model generic = ModelDocument.generic();

    @TempDir
    Path stateDir;

    /** The topology of {@code spec} writing to topics that accept timestamps at most two hours from NOW. */
    private TopologyTestDriver driver(TopologySpec spec, OutputTimestampsTest.Counting events) {
        OutputTimestamps timestamps = new OutputTimestamps(() -> NOW, events);
        timestamps.limit(2 * HOUR, 2 * HOUR);
        ServingModel serving = new ServingModel(spec.model, generic, events);
        return new TopologyTestDriver(DetectorTopology.build(spec, events, serving, ModelRepublisher.NONE, new ControlTable(),
                ScoreOutput.of(spec), timestamps),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of(), events, timestamps));
    }

    private static TestRecord<byte[], byte[]> at(String key, byte[] value, long timestamp) {
        return new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(),
                Instant.ofEpochMilli(timestamp));
    }

    /** By default every point takes the by-series repartition topic, so its changelog writes carry the stamped time too. */
    @Test
    void oldAndFutureRecordsAreStampedWithTheTimeTheyWereProcessedAndTheRestKeepTheirs() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: restamp\n");
        OutputTimestampsTest.Counting events = new OutputTimestampsTest.Counting();
        try (TopologyTestDriver d = driver(spec, events)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> dead = d.createOutputTopic("points-dead-letters", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            in.pipeInput(at("x", point("x", OLD, 1.0), OLD));
            in.pipeInput(at("x", point("x", NOW - 10 * 60_000, 2.0), NOW - 10 * 60_000));
            in.pipeInput(at("x", point("x", NOW - 5 * 60_000, 3.0), NOW + 90 * 60_000));
            in.pipeInput(at("x", "{not json".getBytes(StandardCharsets.UTF_8), OLD));
            // Same point again: a detect-stage dead letter (duplicate) of an old input.
            in.pipeInput(at("x", point("x", NOW - 5 * 60_000, 3.0), OLD));

            List<TestRecord<String, byte[]>> out = scores.readRecordsToList();
            assertEquals(List.of(NOW, NOW - 10 * 60_000, NOW), out.stream().map(TestRecord::timestamp).toList());
            assertEquals(Instant.ofEpochMilli(OLD).toString(), JSON.readTree(out.get(0).value()).get("ts").asText(),
                    "the score keeps the point's own time");
            List<TestRecord<byte[], byte[]>> letters = dead.readRecordsToList();
            assertEquals(List.of("malformed-json", "duplicate"),
                    letters.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList());
            assertEquals(List.of(NOW, NOW), letters.stream().map(TestRecord::timestamp).toList());
            assertEquals(4, events.restamped.get());
        }
    }

    @Test
    void aPointKeyedByAnotherSeriesTakesTheRepartitionTopicStampedAlready() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: restamp-rekey\ninput:\n  keyIsSeries: true\n  onKeyMismatch: repartition\n");
        assertTrue(spec.rekeysMismatches());
        OutputTimestampsTest.Counting events = new OutputTimestampsTest.Counting();
        try (TopologyTestDriver d = driver(spec, events)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(at("another", point("x", OLD, 1.0), OLD));
            TestRecord<String, byte[]> score = scores.readRecord();
            assertEquals("x", score.key());
            assertEquals(NOW, score.timestamp());
            assertEquals(1, events.restamped.get(), "stamped once, at parse");
        }
    }
}
