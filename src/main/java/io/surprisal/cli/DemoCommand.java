package io.surprisal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.ops.DetectorService;
import io.surprisal.sim.DetectionReport;
import io.surprisal.sim.InjectedAnomaly;
import io.surprisal.sim.KafkaPointSink;
import io.surprisal.sim.SensorSimulator;
import io.surprisal.sim.SeriesProfile;
import io.surprisal.sim.SimulationPacer;
import io.surprisal.sim.SimulationRunner;
import io.surprisal.sim.SimulatorSettings;
import io.surprisal.stream.AnomalyEvent;
import io.surprisal.stream.AnomalyEventJson;
import io.surprisal.stream.DetectorApp;
import io.surprisal.embedded.EmbeddedKafka;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code surprisal demo}: everything in one process. An embedded Kafka broker, the sensor
 * simulator with labelled anomalies, the detector with its HTTP port, and a reader of the scores and
 * events topics that prints incidents as they open and close and, at the end, precision and recall over
 * detected events (the demo's own matching of scores to injected anomalies).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on an embedded Kafka broker with simulated sensors; ends with a summary line.")
public final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--duration", defaultValue = "PT60S", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to simulate: 60s, 5m, 1h or ISO-8601 (default ${DEFAULT-VALUE}); Ctrl-C ends early.")
    Duration duration;

    @Option(names = "--series", defaultValue = "200", description = "Simulated series (default ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--rate", defaultValue = "8000", description = "Points per second produced (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port for /metrics, /health/*, /series/{id} (default ${DEFAULT-VALUE}; 0 = any free port).")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Address the HTTP port binds (default ${DEFAULT-VALUE}: "
            + "this machine only; 0.0.0.0 for every interface).")
    String httpHost;

    @Option(names = "--topology", defaultValue = "topologies/demo.yaml", description = "Spec to run (default ${DEFAULT-VALUE}).")
    Path topology;

    @Option(names = "--show", defaultValue = "20", description = "Print at most this many incidents as they open and close "
            + "(anomalous points, for a spec without an events topic) (default ${DEFAULT-VALUE}).")
    int show;

    /** Open incidents whose opening was printed, so that their closing is printed too: series and start. */
    private final java.util.Set<String> shownOpen = new java.util.HashSet<>();
    private int shown;
    private long eventsOpened;
    private long eventsClosed;
    private boolean printIncidents;

    @Option(names = "--alertmanager-url", paramLabel = "URL", description = "Post anomaly events to this Alertmanager "
            + "(http://HOST:9093) as alerts; wins over the spec's alerting.alertmanagerUrl, and needs its topics.events.")
    String alertmanagerUrl;

    @Option(names = "--grafana-url", paramLabel = "URL", description = "Grafana's base URL as the people paged reach it "
            + "(https://grafana.example.com): each alert links to its series there; wins over the spec's alerting.grafanaUrl.")
    String grafanaUrl;

    @Override
    public Integer call() throws Exception {
        TopologySpec spec = TopologySpec.read(topology);
        if (alertmanagerUrl != null && !alertmanagerUrl.isBlank()) {
            spec.useAlertmanager(alertmanagerUrl);
        }
        if (grafanaUrl != null && !grafanaUrl.isBlank()) {
            spec.useGrafana(grafanaUrl);
        }
        printIncidents = spec.writesEvents();
        GracefulStop stop = GracefulStop.install("demo-shutdown", Duration.ofSeconds(60));
        String summary = null;
        // Under target/ when run from the project (the OS temp dir may be cleaned under a running store).
        Path stateDir = Files.isDirectory(Path.of("target")) ? Files.createTempDirectory(Path.of("target"), "demo-state")
                : Files.createTempDirectory("surprisal-demo-state");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.println("bootstrap=" + kafka.bootstrapServers());
            DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 4, (short) 1);
            SimulatorSettings settings = SimulatorSettings.defaults(series, seed)
                    .withPointsPerSeries(0)
                    .withStart(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3)));
            SensorSimulator simulator = new SensorSimulator(settings);
            Map<String, Duration> intervals = new HashMap<>();
            for (SeriesProfile p : simulator.series()) {
                intervals.put(p.id(), p.interval());
            }
            try (DetectorService detector = new DetectorService(spec, kafka.bootstrapServers(), Map.of(), stateDir, httpHost, httpPort, "localhost")) {
                detector.start();
                System.out.printf("detector http://localhost:%d/metrics  (also /health/ready, /series/{id}, /models/current)%n",
                        detector.httpPort());
                if (!detector.app().awaitRunning(Duration.ofMinutes(2))) {
                    System.err.println("demo: the detector did not reach RUNNING within 2 minutes");
                    return 1;
                }
                DetectionReport report = new DetectionReport(intervals);
                long produced;
                long[] scored = {0};
                long[] anomalies = {0};
                try (KafkaPointSink sink = KafkaPointSink.create(kafka.bootstrapServers(), spec.topics.points);
                     KafkaConsumer<String, byte[]> scores = scoresConsumer(kafka.bootstrapServers(),
                             spec.writesEvents() ? List.of(spec.topics.scores, spec.topics.events) : List.of(spec.topics.scores))) {
                    SimulationRunner runner = new SimulationRunner(simulator, sink, SimulationPacer.pointsPerSecond(rate));
                    Thread producer = new Thread(() -> {
                        try {
                            runner.run();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "demo-simulator");
                    producer.start();
                    long start = System.nanoTime();
                    long end = start + duration.toNanos();
                    long nextProgress = start + TimeUnit.SECONDS.toNanos(5);
                    while (System.nanoTime() < end && !stop.requested() && !detector.app().dead()) {
                        drain(scores, spec, report, scored, anomalies, Duration.ofMillis(200));
                        if (System.nanoTime() >= nextProgress) {
                            nextProgress += TimeUnit.SECONDS.toNanos(5);
                            System.out.printf("progress t=%ds produced=%d scored=%d anomalies=%d%n",
                                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), simulator.pointsEmitted(),
                                    scored[0], anomalies[0]);
                        }
                    }
                    runner.stop();
                    producer.join(10_000);
                    sink.flush();
                    produced = simulator.pointsEmitted();
                    // Let the detector finish what was produced, so the summary covers every point.
                    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (scored[0] < produced && System.nanoTime() < drainDeadline && !detector.app().dead()) {
                        drain(scores, spec, report, scored, anomalies, Duration.ofMillis(200));
                    }
                }
                List<InjectedAnomaly> injected = simulator.injectedAnomalies();
                DetectionReport.Result r = report.evaluate(injected);
                System.out.printf("events detected=%d true=%d; injected anomalies seen through=%d found=%d (%s)%n",
                        r.events(), r.trueEvents(), r.injected(), r.detected(), r.recallByKind());
                if (printIncidents) {
                    System.out.printf("incidents opened=%d closed=%d%n", eventsOpened, eventsClosed);
                }
                if (detector.app().dead()) {
                    System.err.println("demo: Kafka Streams died (" + detector.app().notLiveReason().orElse("ERROR") + ")");
                    return RunCommand.STREAMS_DIED;
                }
                summary = String.format("summary points=%d series=%d anomalies=%d injected=%d precision=%.2f recall=%.2f",
                        scored[0], series, r.events(), r.injected(), r.precision(), r.recall());
            }
        } finally {
            deleteQuietly(stateDir);
            stop.done();
        }
        // Last, after the broker has stopped and logged, so it is the final line a script reads.
        System.err.flush();
        System.out.println(summary);
        return 0;
    }

    private void drain(KafkaConsumer<String, byte[]> consumer, TopologySpec spec, DetectionReport report, long[] scored,
                       long[] anomalies, Duration wait) throws java.io.IOException {
        for (ConsumerRecord<String, byte[]> rec : consumer.poll(wait)) {
            if (rec.topic().equals(spec.topics.events)) {
                incident(AnomalyEventJson.read(rec.value()));
                continue;
            }
            JsonNode n = JSON.readTree(rec.value());
            boolean anomaly = n.path("anomaly").asBoolean();
            Instant ts = Instant.parse(n.path("ts").asText());
            report.scored(rec.key(), ts, anomaly);
            scored[0]++;
            if (anomaly) {
                anomalies[0]++;
                if (!printIncidents && anomalies[0] <= show) {
                    System.out.printf("anomaly series=%s ts=%s value=%.3f expected=%.3f band=[%.3f, %.3f] score=%.6f%n",
                            rec.key(), ts, n.path("value").asDouble(), n.path("expected").asDouble(),
                            n.path("lower").asDouble(), n.path("upper").asDouble(), n.path("score").asDouble());
                }
            }
        }
    }

    /** Prints an incident's opening and closing, for the first {@link #show} incidents. */
    private void incident(AnomalyEvent e) {
        String key = e.series() + "@" + e.start();
        if (e.opened()) {
            eventsOpened++;
            if (shown < show && shownOpen.add(key)) {
                shown++;
                AnomalyEvent.Peak p = e.peak();
                System.out.printf("incident opened series=%s start=%s judgement=%s value=%.3f expected=%.3f band=[%.3f, %.3f] score=%.6f%n",
                        e.series(), Instant.ofEpochMilli(e.start()), p.judgement().id(), p.value(), p.expected(), p.lower(),
                        p.upper(), p.score());
            }
        } else if (e.closed()) {
            eventsClosed++;
            if (shownOpen.remove(key)) {
                System.out.printf("incident closed series=%s start=%s end=%s anomalies=%d peak=%.6f judgement=%s%n",
                        e.series(), Instant.ofEpochMilli(e.start()), Instant.ofEpochMilli(e.end()), e.anomalies(),
                        e.peak().score(), e.peak().judgement().id());
            }
        }
    }

    private static KafkaConsumer<String, byte[]> scoresConsumer(String bootstrap, List<String> topics) {
        Map<String, Object> conf = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "surprisal-demo-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(conf, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(topics);
        return c;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
