package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
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
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * As a user would check it: a real Prometheus server scrapes a detector's /metrics with the
 * project's alert rules loaded, and SurprisalAnomaly fires when a watched series gets an anomaly.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class PrometheusAlertIT {

    private static final String PUMP = "plant3/pump7/temp";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DetectorMetrics metrics = new DetectorMetrics(registry, Set.of(PUMP));
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private HttpApi api;
    private Process prometheus;
    private URI prometheusUri;

    @BeforeEach
    void startDetectorAndPrometheus(@TempDir Path dir) throws IOException {
        ExternalCommand.requireOnPath("prometheus", "install Debian's prometheus package (apt-get install -y prometheus)");
        api = HttpApi.builder(registry).host("127.0.0.1").port(0).start();
        int prometheusPort = freePort();
        prometheusUri = URI.create("http://127.0.0.1:" + prometheusPort);
        // The project's rules, a 1 s scrape and evaluation so that the test takes seconds.
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + DashboardFiles.PROMETHEUS_RULES,
                "scrape_configs:",
                "  - job_name: surprisal",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + api.port() + "']",
                ""));
        try {
            prometheus = new ProcessBuilder("prometheus",
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            fail("prometheus is not on the PATH: install Debian's prometheus package (apt-get install -y prometheus). "
                    + e.getMessage());
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
        if (api != null) {
            api.close(); // none when the test was skipped for want of prometheus
        }
    }

    @Test
    void anomalyOnAWatchedSeriesFiresSurprisalAnomaly() throws Exception {
        metrics.watched(PUMP, 71.3, 70.0, 68.0, 72.0, 0.4, false);
        await().atMost(Duration.ofSeconds(60)).until(() -> queryValue("up{job=\"surprisal\"}").equals("1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> queryValue("surprisal_watched_anomalies_total").equals("0"));
        assertEquals(Set.of(), firingAlerts());

        metrics.watched(PUMP, 95.0, 70.2, 68.2, 72.2, 0.99999, true);

        await().atMost(Duration.ofSeconds(30)).until(() -> firingAlerts().contains("SurprisalAnomaly " + PUMP));
        for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            assertTrue(alert.path("annotations").path("runbook_url").asText().endsWith("dashboards/README.md#surprisalanomaly"),
                    alert.toString());
        }
    }

    /**
     * The reason counters exist at 0 before any record, so the first dead letter of a reason is an increase that
     * rate() and increase() (and so SurprisalDeadLettersRising) see, not the birth of a series they cannot.
     */
    @Test
    void theFirstDeadLetterOfAReasonIsAnIncreasePrometheusSees() throws Exception {
        String late = "surprisal_records_deadlettered_total{reason=\"late\"}";
        await().atMost(Duration.ofSeconds(60)).until(() -> queryValue("up{job=\"surprisal\"}").equals("1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> queryValue(late).equals("0"));

        metrics.deadLettered("late");

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String increase = queryValue("increase(" + late + "[1m])");
            return !increase.isEmpty() && Double.parseDouble(increase) > 0;
        });
    }

    private Set<String> firingAlerts() throws IOException, InterruptedException {
        Set<String> firing = new TreeSet<>();
        for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            if ("firing".equals(alert.path("state").asText())) {
                firing.add(alert.path("labels").path("alertname").asText() + " " + alert.path("labels").path("series").asText());
            }
        }
        return firing;
    }

    /** The value of a one-series instant query, or "" while there is none. */
    private String queryValue(String promql) throws IOException, InterruptedException {
        JsonNode result = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
        return result.size() == 1 ? result.get(0).path("value").get(1).asText() : "";
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(prometheusUri.resolve(path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                return json.createObjectNode(); // listening, but not ready yet: "Service Unavailable" in plain text
            }
            return json.readTree(response.body());
        } catch (ConnectException e) {
            return json.createObjectNode(); // Prometheus is still starting
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
