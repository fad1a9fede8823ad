package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shipped prometheus spec through the whole topology. */
class PrometheusTopologyTest {
    @TempDir
    Path stateDir;

    @Test
    void theShippedSpecScoresASampleUnderItsPromQlNameAndDeadLettersAStaleMarker() throws Exception {
        TopologySpec spec = TopologySpec.read(Path.of("topologies/prometheus.yaml"));
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            var in = d.createInputTopic(spec.topics.points, new ByteArraySerializer(), new ByteArraySerializer());
            var scores = d.createOutputTopic(spec.topics.scores, new StringDeserializer(), new ByteArrayDeserializer());
            var dead = d.createOutputTopic(spec.topics.deadLetters, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            String labels = "\"name\":\"http_requests_total\",\"labels\":{\"__name__\":\"http_requests_total\",\"job\":\"api\",\"instance\":\"a\"}";
            in.pipeInput(null, ("{\"timestamp\":\"2026-11-24T12:00:00Z\",\"value\":\"42.5\"," + labels + "}").getBytes(StandardCharsets.UTF_8));
            byte[] stale = ("{\"timestamp\":\"2026-11-24T12:00:15Z\",\"value\":\"NaN\"," + labels + "}").getBytes(StandardCharsets.UTF_8);
            in.pipeInput(null, stale);
            TestRecord<String, byte[]> score = scores.readRecord();
            assertEquals("http_requests_total{instance=\"a\",job=\"api\"}", score.key());
            assertEquals(true, scores.isEmpty());
            TestRecord<byte[], byte[]> bad = dead.readRecord();
            assertEquals("non-finite-value", DeadLetters.header(bad.headers(), DeadLetters.REASON));
            assertArrayEquals(stale, bad.value());
        }
    }
}
