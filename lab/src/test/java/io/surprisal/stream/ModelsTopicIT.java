package io.surprisal.stream;

import io.surprisal.embedded.SharedKafka;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The models topic under faults: poison records restored by the global thread, two instances swapping
 * models mid-stream, and a rejected record that must not let compaction take the last good model away.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModelsTopicIT {
    static final Model GENERIC = ModelDocument.generic();
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();

    @TempDir
    Path tmp;

    static Model version(String name, String v) {
        return new Model(name, v, GENERIC.layout(), GENERIC.weights(), GENERIC.features(), GENERIC.normalization(), null);
    }

    static byte[] badChecksum(String v) {
        return new String(ModelDocument.write(version("generic", v)), StandardCharsets.UTF_8)
                .replaceFirst("crc32c:[0-9a-f]{8}", "crc32c:deadbeef").getBytes(StandardCharsets.UTF_8);
    }

    static void publish(String topic, String key, byte[] value) throws Exception {
        StreamItSupport.produce(kafka.bootstrapServers(), topic, List.of(new StreamItSupport.Input(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, System.currentTimeMillis())));
    }

    DetectorApp app(TopologySpec spec, String dir) {
        DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), Map.of(), tmp.resolve(dir), DetectorEvents.NONE, GENERIC,
                new HostInfo("localhost", 0));
        app.start();
        return app;
    }

    static String served(DetectorApp app) {
        Model m = app.servingModel().current();
        return m == null ? null : m.version();
    }

    @Test
    void poisonRecordsInTheModelsTopicAreRejectedDuringGlobalRestore() throws Exception {
        TopologySpec spec = DetectorAppIT.spec(kafka.claim("it-models-restore"));
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 2, (short) 1);
        publish(spec.topics.models, "generic", ModelDocument.write(version("generic", "v2")));
        publish(spec.topics.models, "generic", "{not json".getBytes(StandardCharsets.UTF_8));
        publish(spec.topics.models, "generic", ModelDocument.write(version("other", "v9")));
        publish(spec.topics.models, "generic", ModelDocument.write(version("generic", "v1")));
        publish(spec.topics.models, "generic", badChecksum("v3"));
        publish(spec.topics.models, "generic", "{\"format\":1,\"name\":\"generic\",\"hidden\":2147483647}".getBytes(StandardCharsets.UTF_8));
        try (DetectorApp app = app(spec, "restore")) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "the global thread restored past every poison record");
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, FaultInjectionIT.keyed(DetectorAppIT.points(0, 1, 1)));
            var scores = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, 1, new StringDeserializer(),
                    Duration.ofSeconds(60));
            assertEquals(1, scores.size());
            assertTrue(new String(scores.get(0).value(), StandardCharsets.UTF_8).contains("\"model\":\"v2\""));
            assertTrue(app.notLiveReason().isEmpty());
        }
    }

    @Test
    void twoInstancesSwapMidStreamAndARejectedRecordNeverDisplacesTheLastGoodModel() throws Exception {
        TopologySpec spec = DetectorAppIT.spec(kafka.claim("it-models-swap"));
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 4, (short) 1);
        int series = 20;
        try (DetectorApp a = app(spec, "a"); DetectorApp b = app(spec, "b")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.running() && b.running()
                    && FailoverIT.activeTasks(a) > 0 && FailoverIT.activeTasks(b) > 0);
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, FaultInjectionIT.keyed(DetectorAppIT.points(0, 20, series)));
            assertEquals(series * 20, StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, series * 20,
                    new StringDeserializer(), Duration.ofSeconds(60)).size());
            byte[] v2 = ModelDocument.write(version("generic", "v2"));
            publish(spec.topics.models, "generic", v2);
            await().atMost(Duration.ofSeconds(30)).until(() -> "v2".equals(served(a)) && "v2".equals(served(b)));
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, FaultInjectionIT.keyed(DetectorAppIT.points(20, 40, series)));

            // A newer record that does not verify: rejected on both; the last good one goes back on top of the topic.
            publish(spec.topics.models, "generic", badChecksum("v3"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var records = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.models, 100, new StringDeserializer(),
                        Duration.ofSeconds(1), "read_uncommitted");
                return !records.isEmpty() && java.util.Arrays.equals(records.get(records.size() - 1).value(), v2);
            });
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, FaultInjectionIT.keyed(DetectorAppIT.points(40, 60, series)));

            int inputs = series * 60;
            List<ConsumerRecord<String, byte[]>> scores = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, inputs,
                    new StringDeserializer(), Duration.ofSeconds(60));
            assertEquals(inputs, scores.size(), "every point scored once across the swap");
            assertEquals(inputs, new HashSet<>(scores.stream().map(r -> r.key() + new String(r.value(), StandardCharsets.UTF_8)).toList()).size());
            Map<String, List<String>> models = new HashMap<>();
            for (var r : scores) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                int at = json.indexOf("\"model\":\"") + 9;
                models.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(json.substring(at, json.indexOf('"', at)));
            }
            for (var e : models.entrySet()) {
                List<String> seq = e.getValue();
                int firstV2 = seq.indexOf("v2");
                assertTrue(firstV2 >= 20 && firstV2 <= 40, e.getKey() + " swapped between its 20th and 40th points: " + seq);
                assertTrue(seq.subList(firstV2, seq.size()).stream().allMatch("v2"::equals), e.getKey() + " never went back: " + seq);
                assertEquals(Set.of(GENERIC.version()), Set.copyOf(seq.subList(0, firstV2)));
            }
            assertEquals("v2", served(a));
            assertEquals("v2", served(b));
        }
        // A third instance, started after the rejection, restores the models topic and serves what its peers served.
        try (DetectorApp c = app(spec, "c")) {
            assertTrue(c.awaitRunning(Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(30)).until(() -> "v2".equals(served(c)));
        }
        var last = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.models, 100, new StringDeserializer(),
                Duration.ofSeconds(1), "read_uncommitted");
        assertArrayEquals(ModelDocument.write(version("generic", "v2")), last.get(last.size() - 1).value());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/it-models.txt"), "models swap instances=2 points=1200 scores=1200 duplicates=0 "
                + "rejected_newest_followed_by_last_good=true restarted_instance_serves=v2\n");
    }
}
