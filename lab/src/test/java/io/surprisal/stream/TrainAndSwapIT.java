package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.embedded.SharedKafka;
import io.surprisal.model.CellType;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.ScoringConfig;
import io.surprisal.history.HistoryReader;
import io.surprisal.history.SeriesHistory;
import io.surprisal.train.TrainConfig;
import io.surprisal.train.TrainingJob;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Train on history from the topic, publish, and watch a running detector switch without a warm-up jump. */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class TrainAndSwapIT {
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static final class Rejections implements DetectorEvents {
        final Map<String, AtomicInteger> byReason = new ConcurrentHashMap<>();

        @Override
        public void modelRejected(String reason) {
            byReason.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Test
    void aBetterModelIsPublishedAndServedAWorseOneIsNotAndAPoisonedOneIsRejected() throws Exception {
        TopologySpec spec = DetectorAppIT.spec(kafka.claim("it-train"));
        int series = 4;
        Model generic = ModelDocument.generic();
        Rejections events = new Rejections();
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 2, (short) 1);
        try (DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), Map.of(), tmp, events, generic,
                new HostInfo("localhost", 0))) {
            app.start();
            TestTopics.produce(kafka.bootstrapServers(), spec.topics.points, DetectorAppIT.points(0, 500, series));
            var before = TestTopics.consume(kafka.bootstrapServers(), spec.topics.scores, 500 * series, new StringDeserializer());
            assertEquals(500 * series, before.size());

            // Train on the topic's history, starting from the serving model.
            List<SeriesHistory> history = new HistoryReader(spec, kafka.bootstrapServers(), Map.of())
                    .read(Instant.EPOCH, Instant.now().plusSeconds(86_400), 1.0, 10_000, line -> { });
            assertEquals(series, history.size());
            assertEquals(500, history.get(0).size());
            TrainConfig config = TrainConfig.defaults().withEpochs(4, 20).withWindow(64, 16);
            TrainingJob.Outcome outcome = TrainingJob.run(history, config, generic, false, "a", "b", "it",
                    ScoringConfig.DEFAULT, line -> { });
            assertTrue(outcome.better(), outcome.verdict());
            ModelTopic models = new ModelTopic(spec.topics.models, kafka.bootstrapServers(), Map.of());
            models.publish(outcome.candidate());
            assertEquals(outcome.candidate().version(), models.current("generic").orElseThrow().version());

            // The detector switches within a couple of seconds; scores name the new version with no warm-up.
            String newVersion = outcome.candidate().version();
            int produced = 500;
            boolean switched = false;
            long deadline = System.nanoTime() + 60_000_000_000L;
            List<JsonNode> after = new java.util.ArrayList<>();
            while (!switched && System.nanoTime() < deadline) {
                TestTopics.produce(kafka.bootstrapServers(), spec.topics.points, DetectorAppIT.points(produced, produced + 5, series));
                produced += 5;
                var all = TestTopics.consume(kafka.bootstrapServers(), spec.topics.scores, produced * series, new StringDeserializer());
                after.clear();
                for (var r : all) {
                    after.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
                }
                switched = after.get(after.size() - 1).path("model").asText().equals(newVersion);
            }
            assertTrue(switched, "the detector did not switch to " + newVersion);
            // Enough points after the switch for some to lie beyond the spike's echo.
            int more = 20 + ScoringConfig.DEFAULT.shortWindow();
            TestTopics.produce(kafka.bootstrapServers(), spec.topics.points, DetectorAppIT.points(produced, produced + more, series));
            produced += more;
            after.clear();
            for (var r : TestTopics.consume(kafka.bootstrapServers(), spec.topics.scores, produced * series, new StringDeserializer())) {
                after.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
            }
            List<JsonNode> swapped = after.stream().filter(n -> n.path("model").asText().equals(newVersion)).toList();
            // Point 500 carries the test data's one real spike (see DetectorTopologyTest.valueOf); skip it and its echo,
            // which lingers in the short average of surprisal for a short window.
            java.time.Instant spikeFrom = java.time.Instant.ofEpochMilli(DetectorTopologyTest.T0 + 500 * 60_000L);
            java.time.Instant spikeTo = spikeFrom.plusSeconds(ScoringConfig.DEFAULT.shortWindow() * 60L);
            swapped = swapped.stream().filter(n -> {
                java.time.Instant ts = java.time.Instant.parse(n.path("ts").asText());
                return ts.isBefore(spikeFrom) || ts.isAfter(spikeTo);
            }).toList();
            assertTrue(swapped.size() >= series, "scores after the swap: " + swapped.size());
            for (JsonNode n : swapped) {
                assertFalse(n.path("warmup").asBoolean(), "warm-up after the swap: " + n);
                assertFalse(n.path("anomaly").asBoolean(), "false alarm at the swap: " + n);
                double band = n.path("upper").asDouble() - n.path("lower").asDouble();
                assertTrue(Math.abs(n.path("value").asDouble() - n.path("expected").asDouble()) < band,
                        "prediction jumped at the swap: " + n);
            }

            // A model trained from scratch with almost no budget is worse: it is not to be published.
            TrainingJob.Outcome worse = TrainingJob.run(history, config.withCell(CellType.GRU, 4).withEpochs(1, 1), generic,
                    true, "a", "b", "it", ScoringConfig.DEFAULT, line -> { });
            assertFalse(worse.better(), worse.verdict());

            // A poisoned record is rejected and the published model keeps serving.
            String poisoned = new String(ModelDocument.write(outcome.candidate()), StandardCharsets.UTF_8)
                    .replaceFirst("crc32c:[0-9a-f]{8}", "crc32c:0badf00d").replace(newVersion, "poisoned");
            Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(conf, new StringSerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(spec.topics.models, "generic", poisoned.getBytes(StandardCharsets.UTF_8))).get();
            }
            long rejectDeadline = System.nanoTime() + 30_000_000_000L;
            while (events.byReason.isEmpty() && System.nanoTime() < rejectDeadline) {
                TestTopics.produce(kafka.bootstrapServers(), spec.topics.points, DetectorAppIT.points(produced, produced + 1, series));
                produced++;
                TestTopics.consume(kafka.bootstrapServers(), spec.topics.scores, produced * series, new StringDeserializer());
            }
            assertEquals(1, events.byReason.getOrDefault("checksum", new AtomicInteger()).get(), events.byReason.toString());
            TestTopics.produce(kafka.bootstrapServers(), spec.topics.points, DetectorAppIT.points(produced, produced + 1, series));
            produced++;
            var last = TestTopics.consume(kafka.bootstrapServers(), spec.topics.scores, produced * series, new StringDeserializer());
            JsonNode tail = JSON.readTree(new String(last.get(last.size() - 1).value(), StandardCharsets.UTF_8));
            assertEquals(newVersion, tail.path("model").asText());
            assertEquals(newVersion, models.current("generic").orElseThrow().version(), "the topic's valid model is unchanged");
        }
    }
}
