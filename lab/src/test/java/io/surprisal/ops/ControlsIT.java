package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.embedded.SharedKafka;
import io.surprisal.stream.DetectorApp;
import io.surprisal.stream.SeriesControl;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feedback and mutes through a whole detector on the embedded broker: the HTTP endpoints write to the controls
 * topic, the global store reads them back, and an instance started afterwards (with empty state) has them too.
 */
@org.junit.jupiter.api.Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class ControlsIT {
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();
    static final String PUMP = "plant1/pump01/temp";
    static final String FAN = "plant1/fan01/rpm";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(int port, String path, String postBody) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        return http.send(postBody == null ? r.GET().build() : r.POST(HttpRequest.BodyPublishers.ofString(postBody)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void feedbackAndMutesGoThroughKafkaToEveryInstanceAndSurviveARestart() throws Exception {
        TopologySpec spec = TopologySpec.parse("""
                applicationId: %1$s
                input:
                  keyIsSeries: true
                topics:
                  points: %1$s-points
                  scores: %1$s-scores
                  deadLetters: %1$s-dead
                  models: %1$s-models
                  events: %1$s-events
                  controls: %1$s-controls
                events:
                  closeAfter: 1000
                """.formatted(kafka.claim("it-controls")));
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 1, (short) 1);
        double threshold;
        try (DetectorService service = new DetectorService(spec, kafka.bootstrapServers(), Map.of(), tmp.resolve("a"), 0, "127.0.0.1")) {
            service.start();
            assertTrue(service.app().awaitRunning(Duration.ofSeconds(60)));
            int port = service.httpPort();
            Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            long t0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(conf, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 410; i++) {
                    double v = 20 + Math.sin(i / 10.0) + (i % 7) * 0.01 + (i == 400 ? 30 : 0);
                    p.send(new ProducerRecord<>(spec.topics.points, PUMP, "{\"series\":\"" + PUMP + "\",\"ts\":"
                            + (t0 + i * 60_000L) + ",\"value\":" + v + "}"));
                }
            }
            // The spike at point 400 opened an incident that 1000 quiet points would close: it is open.
            await().atMost(Duration.ofSeconds(60)).until(() -> send(port, "/series/" + PUMP, null).body().contains("peakScore"));
            double peak = JSON.readTree(send(port, "/series/" + PUMP, null).body()).path("incident").path("peakScore").asDouble();

            HttpResponse<String> feedback = send(port, "/series/" + PUMP + "/feedback", "{\"verdict\":\"not-anomaly\"}");
            assertEquals(202, feedback.statusCode(), feedback.body());
            threshold = JSON.readTree(feedback.body()).path("value").path("threshold").asDouble();
            assertTrue(threshold > peak, threshold + " above " + peak);
            HttpResponse<String> mute = send(port, "/series/" + FAN + "/mute", "{\"until\":\"2026-12-07T06:00:00Z\",\"reason\":\"swap\"}");
            assertEquals(202, mute.statusCode(), mute.body());
            JsonNode written = JSON.readTree(mute.body());
            assertEquals(FAN, written.get("key").asText());

            // What the endpoints wrote comes back through the topic into the instance's controls.
            await().atMost(Duration.ofSeconds(30)).until(() -> service.app().controls().size() == 2);
            assertEquals(threshold, service.app().controls().find(PUMP).threshold());
        }
        // A new instance, with no state of its own, reads the same controls from the topic before it runs.
        try (DetectorService again = new DetectorService(spec, kafka.bootstrapServers(), Map.of(), tmp.resolve("b"), 0, "127.0.0.1")) {
            again.start();
            assertTrue(again.app().awaitRunning(Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(30)).until(() -> again.app().controls().size() == 2);
            SeriesControl fan = again.app().controls().find(FAN);
            assertNotNull(fan);
            assertEquals(Instant.parse("2026-12-07T06:00:00Z").toEpochMilli(), fan.muteUntilMs());
            assertEquals("swap", fan.reason());
            assertEquals(threshold, again.app().controls().find(PUMP).threshold());
        }
    }
}
