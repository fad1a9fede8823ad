package io.surprisal.stream;

import io.surprisal.embedded.SharedKafka;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.Detector;
import io.surprisal.score.ScoreRecord;
import io.surprisal.state.SeriesState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector on a real (embedded) broker: points in, scores out, dead letters, and a restart that restores state. */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class DetectorAppIT {
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();
    static final Model GENERIC = ModelDocument.generic();

    @TempDir
    Path tmp;

    static TopologySpec spec(String app) throws Exception {
        return TopologySpec.parse("applicationId: " + app + "\ntopics:\n  points: " + app + "-points\n  scores: " + app
                + "-scores\n  deadLetters: " + app + "-dead\n  models: " + app + "-models\n");
    }

    DetectorApp app(TopologySpec spec, Path stateDir) {
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 3, (short) 1);
        DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), Map.of(), stateDir, DetectorEvents.NONE, GENERIC,
                new HostInfo("localhost", 0));
        app.start();
        return app;
    }

    static void produce(String topic, List<byte[]> values) {
        TestTopics.produce(kafka.bootstrapServers(), topic, values);
    }

    static <K> List<ConsumerRecord<K, byte[]>> consume(String topic, int expected, org.apache.kafka.common.serialization.Deserializer<K> keys) {
        return TestTopics.consume(kafka.bootstrapServers(), topic, expected, keys);
    }

    static List<byte[]> points(int from, int to, int seriesCount) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (int s = 0; s < seriesCount; s++) {
                out.add(DetectorTopologyTest.point("s" + s, DetectorTopologyTest.T0 + i * 60_000L, DetectorTopologyTest.valueOf(s, i)));
            }
        }
        return out;
    }

    /** Score JSON per series from an uninterrupted offline replay of the same points. */
    static Map<String, List<String>> offline(int points, int seriesCount, TopologySpec spec) {
        Detector d = new Detector(GENERIC, spec.scoring.toConfig());
        ScoreJson json = new ScoreJson();
        ScoreRecord r = new ScoreRecord();
        Map<String, List<String>> out = new HashMap<>();
        for (int s = 0; s < seriesCount; s++) {
            SeriesState st = d.newState();
            for (int i = 0; i < points; i++) {
                d.update(st, DetectorTopologyTest.T0 + i * 60_000L, DetectorTopologyTest.valueOf(s, i), r);
                out.computeIfAbsent("s" + s, k -> new ArrayList<>()).add(new String(json.write("s" + s, r), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Map<String, List<String>> bySeries(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<String>> out = new HashMap<>();
        for (var r : records) {
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void pointsInScoresOutAndBadRecordsToTheDeadLetterTopic() throws Exception {
        TopologySpec spec = spec(kafka.claim("it-basic"));
        try (DetectorApp app = app(spec, tmp.resolve("a"))) {
            List<byte[]> input = new ArrayList<>(points(0, 400, 4));
            input.add("{broken".getBytes(StandardCharsets.UTF_8));
            input.add("{\"series\":\"s0\",\"ts\":\"2026-11-01T00:00:00Z\",\"value\":\"NaN\"}".getBytes(StandardCharsets.UTF_8));
            produce(spec.topics.points, input);
            var scores = consume(spec.topics.scores, 1600, new StringDeserializer());
            assertEquals(1600, scores.size(), "every good point scored exactly once");
            assertEquals(offline(400, 4, spec), bySeries(scores), "streamed scores equal the offline replay");
            var dead = consume(spec.topics.deadLetters, 2, new ByteArrayDeserializer());
            assertEquals(2, dead.size());
            List<String> reasons = dead.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).sorted().toList();
            assertEquals(List.of("malformed-json", "non-finite-value"), reasons);
            assertTrue(app.running());
        }
    }

    @Test
    void aRestartRestoresStateFromTheChangelogAndScoresAsIfUninterrupted() throws Exception {
        TopologySpec spec = spec(kafka.claim("it-restart"));
        int series = 3;
        try (DetectorApp first = app(spec, tmp.resolve("first"))) {
            produce(spec.topics.points, points(0, 300, series));
            assertEquals(900, consume(spec.topics.scores, 900, new StringDeserializer()).size());
        }
        // A new state directory: the store can only come back from its changelog topic.
        try (DetectorApp second = app(spec, tmp.resolve("second"))) {
            produce(spec.topics.points, points(300, 600, series));
            var all = consume(spec.topics.scores, 1800, new StringDeserializer());
            assertEquals(1800, all.size(), "no score lost or duplicated across the restart");
            Map<String, List<String>> expected = offline(600, series, spec);
            Map<String, List<String>> actual = bySeries(all);
            for (String id : expected.keySet()) {
                assertArrayEquals(expected.get(id).toArray(), actual.get(id).toArray(), id);
            }
        }
    }
}
