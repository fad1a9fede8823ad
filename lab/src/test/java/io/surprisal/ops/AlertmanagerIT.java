package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.surprisal.embedded.SharedKafka;
import io.surprisal.document.ModelDocument;
import io.surprisal.stream.AnomalyEvent;
import io.surprisal.stream.AnomalyEventJson;
import io.surprisal.stream.DetectorApp;
import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole alert path against a real Alertmanager (Debian's prometheus-alertmanager, started on a free loopback
 * port): a spike opens an incident, its alert fires in Alertmanager; the quiet points after it close the incident,
 * and the alert resolves. Once through the topology alone (a {@link TopologyTestDriver}, the client beside it), once
 * through a whole detector ({@link DetectorService}, as {@code run} starts it) on the shared embedded broker.
 */
class AlertmanagerIT {
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();
    static final String INSTALL = "apt-get install -y prometheus-alertmanager; .ci/run installs it";
    static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    @TempDir
    Path dir;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    Process alertmanager;
    AlertmanagerClient client;

    static Optional<String> binary() {
        return List.of("prometheus-alertmanager", "alertmanager").stream().filter(ExternalCommand::onPath).findFirst();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    URI start(String binary) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: nobody
                  group_wait: 1s
                receivers:
                  - name: nobody
                """);
        alertmanager = new ProcessBuilder(binary, "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitGet(base.resolve("/-/ready"), body -> true, "Alertmanager ready");
        return base;
    }

    /** GETs {@code uri} until it answers 200 with a body that passes {@code ok}: an external process has nothing to wait on but its API. */
    String awaitGet(URI uri, Predicate<String> ok, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            assertTrue(alertmanager.isAlive(), "Alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && ok.test(r.body())) {
                    return r.body();
                }
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return fail("no " + what + " within 30 s; last answer: " + last);
    }

    List<JsonNode> alertsFor(String body, String series) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode alerts;
        try {
            alerts = json.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON from Alertmanager: " + body, e);
        }
        alerts.forEach(a -> {
            if (a.at("/labels/series").asText().equals(series)) {
                out.add(a);
            }
        });
        return out;
    }

    @Test
    @Timeout(120)
    void aSpikeFiresAnAlertThatResolvesWhenTheIncidentCloses() throws Exception {
        Optional<String> binary = binary();
        if (binary.isEmpty()) {
            ExternalCommand.requireOnPath("prometheus-alertmanager", INSTALL);
        }
        URI base = start(binary.get());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        client = new AlertmanagerClient(base, AlertmanagerClient.Settings.defaults(Duration.ofMinutes(10))
                .withGrafana(new GrafanaLinks("http://grafana.test:3000/")), new AlertMetrics(registry));
        List<AnomalyEvent> events = new ArrayList<>();
        DetectorEvents toAlertmanager = new DetectorEvents() {
            @Override
            public void anomalyEvent(AnomalyEvent event) {
                events.add(event);
                client.offer(event);
            }
        };
        TopologySpec spec = TopologySpec.parse("applicationId: am\ntopics:\n  events: anomaly-events\n"
                + "alerting:\n  alertmanagerUrl: " + base + "\n");
        Properties props = DetectorTopology.properties(spec, "dummy:9092", dir.resolve("state"), Map.of());
        URI active = base.resolve("/api/v2/alerts?active=true");
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, toAlertmanager, ModelDocument.generic()), props)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            int i = 0;
            while (events.isEmpty() && i <= 520) {
                in.pipeInput(null, point(i), T0 + i * MINUTE);
                i++;
            }
            assertTrue(!events.isEmpty() && events.get(0).opened(), "the spike at 500 opened an incident");
            String firing = awaitGet(active, body -> body.contains("plant/s0"), "firing alert for plant/s0");
            JsonNode alert = alertsFor(firing, "plant/s0").get(0);
            assertEquals("SurprisalAnomaly", alert.at("/labels/alertname").asText());
            assertEquals(events.get(0).openedBy().id(), alert.at("/labels/judgement").asText());
            assertTrue(alert.at("/annotations/summary").asText().contains("expected"), alert.toString());
            assertEquals("http://grafana.test:3000/d/surprisal-series?var-series=plant%2Fs0&from="
                    + (events.get(0).start() - 3_600_000) + "&to=now", alert.at("/annotations/dashboard").asText());
            assertTrue(Instant.parse(alert.get("endsAt").asText()).isAfter(Instant.now()), "firing: " + alert);

            while (events.stream().noneMatch(AnomalyEvent::closed) && i < 700) {
                in.pipeInput(null, point(i), T0 + i * MINUTE);
                i++;
            }
            assertTrue(events.get(events.size() - 1).closed(), "the quiet points after the spike closed it: " + events);
            awaitGet(active, body -> !body.contains("plant/s0"), "resolution of plant/s0");
        }
        assertTrue(client.awaitSent(Duration.ofSeconds(10)));
        assertEquals(events.size(), registry.get("surprisal.alerts.sent").counter().count());
        assertEquals(0, registry.get("surprisal.alerts.dropped").counter().count());
    }

    /**
     * The same path through everything {@code run} starts: a {@link DetectorService} (Kafka Streams on the shared
     * broker, its {@link AlertmanagerClient} from the spec's {@code alerting.alertmanagerUrl}), points from a
     * {@link KafkaProducer}, the incident read back from the events topic and the alert from Alertmanager's API.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void onTheBrokerASpikeWritesAnEventAndFiresAnAlertThatResolvesWhenTheEventCloses() throws Exception {
        Optional<String> binary = binary();
        if (binary.isEmpty()) {
            ExternalCommand.requireOnPath("prometheus-alertmanager", INSTALL);
        }
        URI base = start(binary.get());
        String app = kafka.claim("it-alertmanager");
        TopologySpec spec = TopologySpec.parse("""
                applicationId: %1$s
                input:
                  tags: [site]
                topics:
                  points: %1$s-points
                  scores: %1$s-scores
                  deadLetters: %1$s-dead
                  models: %1$s-models
                  events: %1$s-events
                alerting:
                  alertmanagerUrl: %2$s
                """.formatted(app, base));
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 1, (short) 1);
        String series = "plant/s1";
        URI alerts = base.resolve("/api/v2/alerts?filter=" + URLEncoder.encode("alertname=\"SurprisalAnomaly\"", StandardCharsets.UTF_8));
        Map<String, Object> producerConf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Map<String, Object> consumerConf = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (DetectorService service = new DetectorService(spec, kafka.bootstrapServers(), Map.of(), dir.resolve("state"),
                "127.0.0.1", 0, "127.0.0.1");
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConf, new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConf, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition events = new TopicPartition(spec.topics.events, 0);
            consumer.assign(List.of(events));
            consumer.seekToBeginning(List.of(events));
            service.start();
            assertTrue(service.app().awaitRunning(Duration.ofSeconds(60)), "the detector runs");

            // Normal points, then the spike at 500: the incident opens, on the events topic and in Alertmanager.
            produce(producer, spec.topics.points, series, 0, 500);
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            AnomalyEvent opened = awaitEvent(consumer, seen, AnomalyEvent::opened, "an opened incident on " + spec.topics.events);
            assertEquals(series, seen.get(0).key(), "events are keyed by series");
            assertEquals(series, opened.series());
            assertEquals(T0 + 500 * MINUTE, opened.start(), "opened by the spike: " + opened);
            assertEquals(value(500), opened.peak().value(), 1e-9);
            assertEquals(Map.of("site", "plant"), opened.tags());

            String firing = awaitGet(alerts, body -> !alertsFor(body, series).isEmpty(), "firing alert for " + series);
            List<JsonNode> forSeries = alertsFor(firing, series);
            assertEquals(1, forSeries.size(), firing);
            JsonNode alert = forSeries.get(0);
            assertEquals("SurprisalAnomaly", alert.at("/labels/alertname").asText());
            assertEquals(series, alert.at("/labels/series").asText());
            assertEquals(opened.openedBy().id(), alert.at("/labels/judgement").asText());
            assertEquals("plant", alert.at("/labels/site").asText(), "the input tag is a label: " + alert);
            assertEquals("active", alert.at("/status/state").asText(), alert.toString());
            assertEquals(Instant.ofEpochMilli(opened.start()), Instant.parse(alert.get("startsAt").asText()));
            assertTrue(Instant.parse(alert.get("endsAt").asText()).isAfter(Instant.now()), "firing: " + alert);
            assertTrue(alert.at("/annotations/summary").asText().contains("expected"), alert.toString());

            // Quiet points after it: the incident closes, on the topic, and the alert resolves (leaves the active ones).
            produce(producer, spec.topics.points, series, 501, QUIET_UNTIL);
            AnomalyEvent closed = awaitEvent(consumer, seen, AnomalyEvent::closed, "the incident closed on " + spec.topics.events);
            assertEquals(opened.start(), closed.start(), "the same incident closed: " + closed);
            assertTrue(closed.end() >= closed.start() && closed.end() < T0 + QUIET_UNTIL * MINUTE, closed.toString());
            awaitGet(alerts, body -> alertsFor(body, series).isEmpty(), "resolution of " + series + "'s alert");

            // Once every point is scored, the topic holds that one incident only, its close last: nothing re-fires.
            int points = QUIET_UNTIL + 1;
            URI seriesUri = URI.create("http://127.0.0.1:" + service.httpPort() + "/series/" + series);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!http.send(HttpRequest.newBuilder(seriesUri).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("\"points\":" + points)) {
                assertTrue(System.nanoTime() < deadline, "the detector did not score all " + points + " points in 30 s");
                TimeUnit.MILLISECONDS.sleep(100);
            }
            long end = consumer.endOffsets(List.of(events)).get(events);
            while (consumer.position(events) < end) {
                assertTrue(System.nanoTime() < deadline, "the events topic not read to its end in 30 s");
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            for (ConsumerRecord<String, byte[]> r : seen) {
                assertEquals(opened.start(), AnomalyEventJson.read(r.value()).start(), "one incident only: " + r);
            }
            assertTrue(AnomalyEventJson.read(seen.get(seen.size() - 1).value()).closed(), "its close is the last record");

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().contains("surprisal_alerts_dropped_total{application=\"" + app + "\"} 0.0"), metrics.body());
        }
    }

    /** The last quiet point: the spike's incident closes at 517 (10 points below the threshold after its last anomaly). */
    static final int QUIET_UNTIL = 560;

    /** Points {@code from} to {@code to} (inclusive) of {@link #value} for {@code series}, tagged {@code site=plant}, acknowledged. */
    static void produce(KafkaProducer<String, String> producer, String topic, String series, int from, int to) {
        for (int i = from; i <= to; i++) {
            producer.send(new ProducerRecord<>(topic, series, "{\"series\":\"" + series + "\",\"site\":\"plant\",\"ts\":\""
                    + Instant.ofEpochMilli(T0 + i * MINUTE) + "\",\"value\":" + value(i) + "}"));
        }
        producer.flush();
    }

    /** Polls the events topic into {@code seen} until a record passes {@code ok}; returns it. */
    static AnomalyEvent awaitEvent(KafkaConsumer<String, byte[]> consumer, List<ConsumerRecord<String, byte[]>> seen,
                                   Predicate<AnomalyEvent> ok, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            for (ConsumerRecord<String, byte[]> r : seen) {
                AnomalyEvent e = AnomalyEventJson.read(r.value());
                if (ok.test(e)) {
                    return e;
                }
            }
        }
        return fail("no " + what + " within 60 s; seen " + seen.size() + " records");
    }

    static byte[] point(int i) {
        return ("{\"series\":\"plant/s0\",\"ts\":\"" + Instant.ofEpochMilli(T0 + i * MINUTE) + "\",\"value\":" + value(i) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A daily-ish wave with a little noise, and a spike at point 500. */
    static double value(int i) {
        return 20 + 5 * Math.sin(2 * Math.PI * i / 48.0) + ((i * 7919) % 100) / 100.0 + (i == 500 ? 40 : 0);
    }
}
