package io.surprisal.ops;

import io.surprisal.embedded.SharedKafka;
import io.surprisal.stream.DetectorApp;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole detector (Kafka Streams on the embedded broker, meters, HTTP port) as Prometheus sees it:
 * every metric a dashboard or alert rule names is in its /metrics, and its endpoints answer.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class DetectorServiceIT {
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();
    static final String WATCHED = "plant1/pump01/temp";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRunningDetectorExportsEveryMetricTheDashboardsAndRulesName() throws Exception {
        String app = kafka.claim("it-service");
        TopologySpec spec = TopologySpec.parse("applicationId: " + app + "\ninput:\n  keyIsSeries: true\nwatch: [\"" + WATCHED + "\"]\n"
                + "topics:\n  points: " + app + "-points\n  scores: " + app + "-scores\n  deadLetters: " + app + "-dead\n"
                + "  models: " + app + "-models\n  controls: " + app + "-controls\n  events: " + app + "-events\n");
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 2, (short) 1);
        try (DetectorService service = new DetectorService(spec, kafka.bootstrapServers(), Map.of(), tmp, 0, "127.0.0.1")) {
            // Before any record: every meter tagged with the application, every known reason at 0.
            String before = get(service.httpPort(), "/metrics").body();
            assertTrue(before.contains("surprisal_records_deadlettered_total{application=\"it-service\",reason=\"late\"} 0.0"), before);
            assertTrue(before.contains("surprisal_freshness_seconds{application=\"it-service\"} NaN"), before);
            service.start();
            assertTrue(service.app().awaitRunning(Duration.ofSeconds(60)));
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/ready").statusCode() == 200);

            Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            long t0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(conf, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 420; i++) {
                    double v = 20 + Math.sin(i / 10.0) + (i % 7) * 0.01 + (i == 400 ? 30 : 0);
                    p.send(new ProducerRecord<>(spec.topics.points, WATCHED, "{\"series\":\"" + WATCHED + "\",\"ts\":"
                            + (t0 + i * 60_000L) + ",\"value\":" + v + "}"));
                }
                p.send(new ProducerRecord<>(spec.topics.points, WATCHED, "{not json"));
                p.send(new ProducerRecord<>(spec.topics.models, "generic", "{\"format\":1}"));
                p.send(new ProducerRecord<>(spec.topics.controls, WATCHED, "{\"treshold\":0.9}")); // a typo: rejected
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/metrics").body()
                    .contains("surprisal_records_scored_total{application=\"it-service\"} 420.0"));
            System.gc(); // GC pause timers appear with the first collection
            await().atMost(Duration.ofSeconds(30)).alias("rejection (model and control), GC and watched-anomaly meters").until(() -> {
                String m = get(port, "/metrics").body();
                return m.contains("surprisal_model_rejections_total") && m.contains("jvm_gc_pause_seconds_count")
                        && m.contains("surprisal_controls_rejections_total{application=\"it-service\",reason=\"malformed\"} 1.0")
                        && !m.contains("surprisal_watched_anomalies_total{application=\"it-service\",series=\"" + WATCHED + "\"} 0.0");
            });
            String scrape = get(port, "/metrics").body();
            assertTrue(scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .allMatch(line -> line.contains("application=\"it-service\"")), "a sample without the application tag");
            assertTrue(sample(scrape, "surprisal_store_bytes") > 0, "RocksDB reports the stores' size");
            double expectedAge = (System.currentTimeMillis() - (t0 + 419 * 60_000L)) / 1000.0;
            assertEquals(expectedAge, sample(scrape, "surprisal_freshness_seconds"), 120, "freshness: now minus the newest point");
            double open = sample(scrape, "surprisal_events_open");
            assertTrue(open >= 0 && open <= 1, "events open: " + open);
            Set<String> exported = ExportedMetrics.sampleNames(scrape);
            exported.add("up");
            List<DashboardFiles.Query> queries = new ArrayList<>();
            for (Path f : DashboardFiles.dashboardJsonFiles()) {
                queries.addAll(DashboardFiles.dashboardQueries(f));
            }
            queries.addAll(DashboardFiles.prometheusRuleQueries());
            queries.addAll(DashboardFiles.grafanaAlertQueries());
            Set<String> missing = new TreeSet<>();
            for (DashboardFiles.Query q : queries) {
                for (String name : PromQlMetricNames.in(q.expression())) {
                    if (!exported.contains(name)) {
                        missing.add(name + " (" + q.source() + ")");
                    }
                }
            }
            assertTrue(missing.isEmpty(), "named by dashboards or rules but not exported by a running detector: " + missing);

            HttpResponse<String> series = get(port, "/series/" + WATCHED);
            assertEquals(200, series.statusCode(), series.body());
            assertTrue(series.body().contains("\"points\":420"), series.body());
            assertEquals(404, get(port, "/series/nobody").statusCode());
            HttpResponse<String> model = get(port, "/models/current");
            assertTrue(model.body().contains("\"cell\":\"gru\""), model.body());
        }
    }

    /** The value of the one sample of {@code name} in a scrape. */
    private static double sample(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + name));
    }
}
