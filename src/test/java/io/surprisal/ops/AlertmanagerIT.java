package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.surprisal.model.ModelDocument;
import io.surprisal.stream.AnomalyEvent;
import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
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
 * port): a spike through the topology opens an incident, its alert fires in Alertmanager; the quiet points after
 * it close the incident, and the alert resolves.
 */
class AlertmanagerIT {
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

    List<JsonNode> alertsFor(String body, String series) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        json.readTree(body).forEach(a -> {
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

    static byte[] point(int i) {
        double v = 20 + 5 * Math.sin(2 * Math.PI * i / 48.0) + ((i * 7919) % 100) / 100.0 + (i == 500 ? 40 : 0);
        return ("{\"series\":\"plant/s0\",\"ts\":\"" + Instant.ofEpochMilli(T0 + i * MINUTE) + "\",\"value\":" + v + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
