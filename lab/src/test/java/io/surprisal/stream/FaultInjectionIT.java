package io.surprisal.stream;

import io.surprisal.embedded.EmbeddedKafka;
import io.surprisal.embedded.SharedKafka;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.ops.DetectorService;
import io.surprisal.score.ScoreRecord;
import io.surprisal.state.SeriesStateSerde;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected into a running detector on the embedded broker: poison records of every kind amid
 * good ones, a state of a newer format in the changelog, and a broker restart mid-stream. Scores are
 * read with read_committed and compared with an uninterrupted offline replay.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FaultInjectionIT {
    static final Model GENERIC = ModelDocument.generic();
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();

    @TempDir
    Path tmp;

    /** Throws inside detect for one series: a bug that only some records reach. */
    static final class BuggyDetect implements DetectorEvents {
        @Override
        public void scored(String series, ScoreRecord score, long nanos) {
            if (series.equals("poison/detect")) {
                throw new IllegalStateException("injected bug in detect");
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<StreamItSupport.Input> keyed(List<byte[]> values) {
        List<StreamItSupport.Input> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (byte[] v : values) {
            String body = new String(v, StandardCharsets.UTF_8);
            int at = body.indexOf("\"series\":\"") + 10;
            out.add(new StreamItSupport.Input(utf8(body.substring(at, body.indexOf('"', at))), v, now));
        }
        return out;
    }

    @Test
    void poisonRecordsAmidGoodOnesEachEndAsOneDeadLetterAndEveryGoodPointIsScored() throws Exception {
        TopologySpec spec = DetectorAppIT.spec(kafka.claim("it-poison"));
        // A deployment that takes records up to 2 MB: a malformed one of 1.5 MB is a dead letter above the
        // producer's 1 MiB max.request.size, so it is dead-lettered without its value (under exactly-once a
        // refused record would fail the transaction, whatever the production handler answers).
        spec.input.maxRecordBytes = 2_000_000;
        kafka.createTopics(List.of(new NewTopic(spec.topics.points, 3, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "3000000"))));
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 3, (short) 1);
        Map<String, Object> overrides = Map.of();
        StreamItSupport.StateWatch watch = new StreamItSupport.StateWatch();
        try (DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), overrides, tmp.resolve("poison"), new BuggyDetect(),
                GENERIC, new HostInfo("localhost", 0))) {
            app.addStateListener(watch);
            app.start();
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            int series = 5;
            int points = 60;
            List<StreamItSupport.Input> input = new ArrayList<>(keyed(DetectorAppIT.points(0, points / 2, series)));
            input.add(new StreamItSupport.Input(utf8("x"), utf8("{\"series\":\"x\",\"ts\":\"+300000000-01-01T00:00:00Z\",\"value\":1.0}"),
                    System.currentTimeMillis()));
            input.add(new StreamItSupport.Input(utf8("poison/detect"), DetectorTopologyTest.point("poison/detect",
                    DetectorTopologyTest.T0, 1.0), System.currentTimeMillis()));
            input.add(new StreamItSupport.Input(utf8("big"), utf8("{\"series\":\"big\",\"junk\":\"" + "x".repeat(1_500_000)),
                    System.currentTimeMillis()));
            // A key too large for the detector's own produce requests, on a record that is no point.
            input.add(new StreamItSupport.Input(utf8("k".repeat(1_500_000)), utf8("[1]"), System.currentTimeMillis()));
            input.addAll(keyed(DetectorAppIT.points(points / 2, points, series)));
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, input,
                    Map.of("max.request.size", 3_000_000));
            // A record on the repartition topic that no version of the point serde reads.
            StreamItSupport.produce(kafka.bootstrapServers(), spec.applicationId + "-by-series-repartition",
                    List.of(new StreamItSupport.Input(utf8("s0"), new byte[] {42, 1, 2}, System.currentTimeMillis())));

            List<ConsumerRecord<byte[], byte[]>> dead = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.deadLetters, 5,
                    new ByteArrayDeserializer(), Duration.ofSeconds(60));
            Map<String, ConsumerRecord<byte[], byte[]>> byReason = new TreeMap<>();
            for (var r : dead) {
                byReason.put(DeadLetters.header(r.headers(), DeadLetters.REASON), r);
            }
            assertEquals(List.of("internal-error", "malformed-json", "not-an-object", "timestamp-out-of-range", "unreadable-record"),
                    List.copyOf(byReason.keySet()), "one dead letter per poison record");
            assertEquals(5, dead.size());
            ConsumerRecord<byte[], byte[]> bigKey = byReason.get("not-an-object");
            assertNull(bigKey.key(), "the dead letter whose key is too large to send goes without it");
            assertEquals("1500000", DeadLetters.header(bigKey.headers(), DeadLetters.KEY_OMITTED));
            assertArrayEquals(utf8("[1]"), bigKey.value());
            assertEquals(IllegalStateException.class.getName(),
                    DeadLetters.header(byReason.get("internal-error").headers(), DeadLetters.EXCEPTION));
            ConsumerRecord<byte[], byte[]> tooLarge = byReason.get("malformed-json");
            assertNull(tooLarge.value(), "the dead letter too large to send goes without its value");
            assertTrue(Integer.parseInt(DeadLetters.header(tooLarge.headers(), DeadLetters.VALUE_OMITTED)) > 1_500_000);
            assertEquals(spec.topics.points, DeadLetters.header(tooLarge.headers(), DeadLetters.SOURCE_TOPIC));
            assertArrayEquals(new byte[] {42, 1, 2}, byReason.get("unreadable-record").value());

            var scores = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, series * points,
                    new StringDeserializer(), Duration.ofSeconds(60));
            assertEquals(series * points, scores.size(), "every good point scored exactly once");
            assertEquals(DetectorAppIT.offline(points, series, spec), DetectorAppIT.bySeries(scores));
            assertEquals(List.of(), watch.changesAfterRunning(), "the application never left RUNNING");
            assertTrue(app.notLiveReason().isEmpty());
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/it-poison.txt"), "poison inputs=" + input.size() + " scores=" + scores.size()
                    + " dead_letters=" + byReason.keySet() + " left_running=" + watch.changesAfterRunning().isEmpty() + "\n");
        }
    }

    @Test
    void aStateOfANewerFormatInTheChangelogStopsTheInstanceAndStaysAsItWas() throws Exception {
        String id = kafka.claim("it-newer");
        TopologySpec spec = TopologySpec.parse("applicationId: " + id + "\ninput:\n  keyIsSeries: true\ntopics:\n  points: " + id
                + "-points\n  scores: " + id + "-scores\n  deadLetters: " + id + "-dead\n  models: " + id + "-models\n"
                + "maxThreadReplacements: 2\n");
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 1, (short) 1);
        String changelog = spec.applicationId + "-" + DetectorTopology.SERIES_STORE + "-changelog";
        kafka.createTopics(List.of(new NewTopic(changelog, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        byte[] newer = new byte[600];
        newer[0] = (byte) (SeriesStateSerde.VERSION + 1);
        StreamItSupport.produce(kafka.bootstrapServers(), changelog,
                List.of(new StreamItSupport.Input(utf8("s0"), newer, System.currentTimeMillis())));
        try (DetectorService service = new DetectorService(spec, kafka.bootstrapServers(), Map.of(), tmp.resolve("newer"),
                "127.0.0.1", 0, "localhost")) {
            service.start();
            DetectorApp app = service.app();
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, keyed(DetectorAppIT.points(0, 1, 1)));
            assertTrue(app.awaitDeath(Duration.ofSeconds(60)), "the instance stops");
            String reason = app.notLiveReason().orElseThrow();
            assertTrue(reason.contains("ERROR") && reason.contains("newer"), reason);
            // What an orchestrator sees: not live (restart it), not ready (no traffic).
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                    + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, live.statusCode());
            assertTrue(live.body().contains("newer"), live.body());
            assertEquals(503, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        var stored = StreamItSupport.consume(kafka.bootstrapServers(), changelog, 2, new StringDeserializer(), Duration.ofSeconds(3));
        assertEquals(1, stored.size(), "nothing reset the state");
        assertArrayEquals(newer, stored.get(0).value());
    }

    @Test
    void aBrokerRestartMidStreamLosesAndDuplicatesNothing(@TempDir Path logDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TopologySpec spec = DetectorAppIT.spec("it-broker-restart");
        // Its own broker, not the shared one: this test stops and restarts the broker under the running app.
        int series = 4;
        int points = 100;
        EmbeddedKafka broker = EmbeddedKafka.builder().logDir(logDir).port(port).start();
        StreamItSupport.StateWatch watch = new StreamItSupport.StateWatch();
        DetectorApp app = null;
        try {
            DetectorApp.ensureTopics(spec, broker.bootstrapServers(), Map.of(), 2, (short) 1);
            app = new DetectorApp(spec, broker.bootstrapServers(), Map.of(), tmp.resolve("restart"), DetectorEvents.NONE, GENERIC,
                    new HostInfo("localhost", 0));
            app.addStateListener(watch);
            app.start();
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            StreamItSupport.produce(broker.bootstrapServers(), spec.topics.points, keyed(DetectorAppIT.points(0, points / 2, series)));
            assertEquals(series * points / 2, StreamItSupport.consume(broker.bootstrapServers(), spec.topics.scores, series * points / 2,
                    new StringDeserializer(), Duration.ofSeconds(60)).size());

            long down = System.nanoTime();
            broker.close();
            broker = EmbeddedKafka.builder().logDir(logDir).port(port).start();
            double outage = (System.nanoTime() - down) / 1e9;
            StreamItSupport.produce(broker.bootstrapServers(), spec.topics.points, keyed(DetectorAppIT.points(points / 2, points, series)));
            var scores = StreamItSupport.consume(broker.bootstrapServers(), spec.topics.scores, series * points,
                    new StringDeserializer(), Duration.ofSeconds(90));
            assertEquals(series * points, scores.size(), "no score lost or duplicated across the broker restart");
            assertEquals(DetectorAppIT.offline(points, series, spec), DetectorAppIT.bySeries(scores));
            DetectorApp running = app;
            await().atMost(Duration.ofSeconds(30)).until(running::running);
            assertTrue(app.notLiveReason().isEmpty(), "no thread was lost: " + app.notLiveReason());
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/it-broker-restart.txt"), String.format("broker restart outage=%.1fs inputs=%d "
                    + "scores=%d equal_to_offline_replay=true state_changes=%s%n", outage, series * points, scores.size(),
                    watch.changesAfterRunning()));
        } finally {
            if (app != null) {
                app.close();
            }
            broker.close();
        }
    }
}
