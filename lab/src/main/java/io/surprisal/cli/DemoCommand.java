package io.surprisal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.embedded.EmbeddedKafka;
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
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Mixin
    AlertingOptions alerting = new AlertingOptions();

    /** How a demo ends: a summary line to print last, or an exit code without one. */
    private record Ending(int exitCode, String summary) {
        static Ending failed(int exitCode) {
            return new Ending(exitCode, null);
        }

        static Ending summary(String line) {
            return new Ending(0, line);
        }
    }

    @Override
    public Integer call() throws Exception {
        TopologySpec spec = spec();
        GracefulStop stop = GracefulStop.install("demo-shutdown", Duration.ofSeconds(60));
        Path stateDir = stateDir();
        Ending ending;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.println("bootstrap=" + kafka.bootstrapServers());
            DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 4, (short) 1);
            ending = detect(spec, kafka.bootstrapServers(), stateDir, stop);
        } finally {
            deleteQuietly(stateDir);
            stop.done();
        }
        if (ending.summary() == null) {
            return ending.exitCode();
        }
        // Last, after the broker has stopped and logged, so it is the final line a script reads.
        System.err.flush();
        System.out.println(ending.summary());
        return 0;
    }

    /** The spec of --topology, with the Alertmanager and Grafana of the command line over its own. */
    private TopologySpec spec() throws Exception {
        TopologySpec spec = TopologySpec.read(topology);
        alerting.applyTo(spec);
        return spec;
    }

    private static Path stateDir() throws IOException {
        // Under target/ when run from the project (the OS temp dir may be cleaned under a running store).
        return Files.isDirectory(Path.of("target")) ? Files.createTempDirectory(Path.of("target"), "demo-state")
                : Files.createTempDirectory("surprisal-demo-state");
    }

    /** The detector with its HTTP port, fed by the simulator and read by the tally; the report at the end. */
    private Ending detect(TopologySpec spec, String bootstrap, Path stateDir, GracefulStop stop) throws Exception {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(series, seed)
                .withPointsPerSeries(0)
                .withStart(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3))));
        Map<String, Duration> intervals = new HashMap<>();
        for (SeriesProfile p : simulator.series()) {
            intervals.put(p.id(), p.interval());
        }
        try (DetectorService detector = new DetectorService(spec, bootstrap, Map.of(), stateDir, httpHost, httpPort, "localhost")) {
            detector.start();
            System.out.printf("detector http://localhost:%d/metrics  (also /health/ready, /series/{id}, /models/current)%n",
                    detector.httpPort());
            DetectorApp app = detector.app();
            if (!app.awaitRunning(Duration.ofMinutes(2))) {
                System.err.println("demo: the detector did not reach RUNNING within 2 minutes");
                return Ending.failed(1);
            }
            DetectionReport report = new DetectionReport(intervals);
            Tally tally = new Tally(spec, report, show, System.out);
            try (KafkaPointSink sink = KafkaPointSink.create(bootstrap, spec.topics.points);
                 KafkaConsumer<String, byte[]> scores = scoresConsumer(bootstrap, tally.topics())) {
                new Feed(simulator, app, scores, tally).run(sink, stop);
            }
            return report(simulator.injectedAnomalies(), report, tally, app);
        }
    }

    /** Prints what was found of what was injected; the summary unless Kafka Streams died. */
    private Ending report(List<InjectedAnomaly> injected, DetectionReport report, Tally tally, DetectorApp app) {
        DetectionReport.Result r = report.evaluate(injected);
        System.out.printf("events detected=%d true=%d; injected anomalies seen through=%d found=%d (%s)%n",
                r.events(), r.trueEvents(), r.injected(), r.detected(), r.recallByKind());
        tally.printIncidentCounts();
        if (app.dead()) {
            System.err.println("demo: Kafka Streams died (" + app.notLiveReason().orElse("ERROR") + ")");
            return Ending.failed(RunCommand.STREAMS_DIED);
        }
        return Ending.summary(String.format("summary points=%d series=%d anomalies=%d injected=%d precision=%.2f recall=%.2f",
                tally.scored(), series, r.events(), r.injected(), r.precision(), r.recall()));
    }

    /** The simulator writing points while the tally reads scores, with a progress line every 5 s. */
    private final class Feed {
        private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
        private static final Duration POLL = Duration.ofMillis(200);

        private final SensorSimulator simulator;
        private final DetectorApp app;
        private final KafkaConsumer<String, byte[]> scores;
        private final Tally tally;

        Feed(SensorSimulator simulator, DetectorApp app, KafkaConsumer<String, byte[]> scores, Tally tally) {
            this.simulator = simulator;
            this.app = app;
            this.scores = scores;
            this.tally = tally;
        }

        /** Produces for --duration (or until Ctrl-C or the detector dies), then lets the detector score the rest. */
        void run(KafkaPointSink sink, GracefulStop stop) throws Exception {
            SimulationRunner runner = new SimulationRunner(simulator, sink, SimulationPacer.pointsPerSecond(rate));
            Thread producer = new Thread(() -> {
                try {
                    runner.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "demo-simulator");
            producer.start();
            readWhileProducing(stop);
            runner.stop();
            producer.join(10_000);
            sink.flush();
            readTheRest(simulator.pointsEmitted());
        }

        private void readWhileProducing(GracefulStop stop) throws IOException {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long nextProgress = start + PROGRESS_NANOS;
            while (System.nanoTime() < end && !stop.requested() && !app.dead()) {
                tally.read(scores.poll(POLL));
                if (System.nanoTime() >= nextProgress) {
                    nextProgress += PROGRESS_NANOS;
                    System.out.printf("progress t=%ds produced=%d scored=%d anomalies=%d%n",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), simulator.pointsEmitted(),
                            tally.scored(), tally.anomalies());
                }
            }
        }

        /** So that the summary covers every point produced, within a minute. */
        private void readTheRest(long produced) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tally.scored() < produced && System.nanoTime() < deadline && !app.dead()) {
                tally.read(scores.poll(POLL));
            }
        }
    }

    /**
     * What the demo reads from the scores (and events) topics: counts scores and anomalies, feeds the
     * {@link DetectionReport}, and prints the first incidents as they open and close (or the first anomalous
     * points, for a spec without an events topic). Nested here, not a class of its own in cli: it reads the
     * lab's DetectionReport, and in cli only the lab commands (with their nested classes) may.
     */
    static final class Tally {
        private static final ObjectMapper JSON = new ObjectMapper();

        private final TopologySpec spec;
        private final DetectionReport report;
        private final int show;
        private final PrintStream out;
        private final boolean printIncidents;

        private long scored;
        private long anomalies;
        private long eventsOpened;
        private long eventsClosed;
        /** Incidents printed so far, and the open ones among them (series and start), so their closing is printed too. */
        private int shown;
        private final Set<String> shownOpen = new HashSet<>();

        /** @param show print at most this many incidents (or anomalous points) */
        Tally(TopologySpec spec, DetectionReport report, int show, PrintStream out) {
            this.spec = spec;
            this.report = report;
            this.show = show;
            this.out = out;
            this.printIncidents = spec.writesEvents();
        }

        /** The topics to read: scores, and events when the spec writes them. */
        List<String> topics() {
            return spec.writesEvents() ? List.of(spec.topics.scores, spec.topics.events) : List.of(spec.topics.scores);
        }

        void read(ConsumerRecords<String, byte[]> records) throws IOException {
            for (ConsumerRecord<String, byte[]> rec : records) {
                if (rec.topic().equals(spec.topics.events)) {
                    incident(AnomalyEventJson.read(rec.value()));
                } else {
                    score(rec);
                }
            }
        }

        long scored() {
            return scored;
        }

        long anomalies() {
            return anomalies;
        }

        /** The line {@code incidents opened=N closed=N}, for a spec that writes events; nothing otherwise. */
        void printIncidentCounts() {
            if (printIncidents) {
                out.printf("incidents opened=%d closed=%d%n", eventsOpened, eventsClosed);
            }
        }

        private void score(ConsumerRecord<String, byte[]> rec) throws IOException {
            JsonNode n = JSON.readTree(rec.value());
            boolean anomaly = n.path("anomaly").asBoolean();
            Instant ts = Instant.parse(n.path("ts").asText());
            report.scored(rec.key(), ts, anomaly);
            scored++;
            if (anomaly) {
                anomalies++;
                if (!printIncidents && anomalies <= show) {
                    out.printf("anomaly series=%s ts=%s value=%.3f expected=%.3f band=[%.3f, %.3f] score=%.6f%n",
                            rec.key(), ts, n.path("value").asDouble(), n.path("expected").asDouble(),
                            n.path("lower").asDouble(), n.path("upper").asDouble(), n.path("score").asDouble());
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
                    out.printf("incident opened series=%s start=%s judgement=%s value=%.3f expected=%.3f band=[%.3f, %.3f] score=%.6f%n",
                            e.series(), Instant.ofEpochMilli(e.start()), p.judgement().id(), p.value(), p.expected(), p.lower(),
                            p.upper(), p.score());
                }
            } else if (e.closed()) {
                eventsClosed++;
                if (shownOpen.remove(key)) {
                    out.printf("incident closed series=%s start=%s end=%s anomalies=%d peak=%.6f judgement=%s%n",
                            e.series(), Instant.ofEpochMilli(e.start()), Instant.ofEpochMilli(e.end()), e.anomalies(),
                            e.peak().score(), e.peak().judgement().id());
                }
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
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
