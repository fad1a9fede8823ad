package io.surprisal.bench;

import io.surprisal.embedded.EmbeddedKafka;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.stream.DetectorApp;
import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.Topology;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: one embedded broker, one pre-produced input, and two applications that
 * each read it from the start under their own application id — the baseline (same parsing, a count
 * per series) and the detector — with the same Streams settings. Then a latency probe at half the
 * detector's rate. Output is line-oriented; the last line is {@code ratio=R} (detector ÷ baseline).
 */
public final class Bench {
    static final String POINTS = "bench-points";
    static final String WARMUP_POINTS = "bench-warmup-points";

    private final BenchSettings settings;
    private final PrintStream out;
    private final Model model = ModelDocument.generic();
    private String latencyFailure;

    public Bench(BenchSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Why the latency probe's figures are void (points not scored, a producer behind schedule), or null. */
    public String latencyFailure() {
        return latencyFailure;
    }

    /** Runs the benchmark and returns detector ÷ baseline. */
    public double run() throws Exception {
        Path work = Files.createTempDirectory("surprisal-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(work.resolve("kafka")).start()) {
            return run(kafka, work);
        } finally {
            deleteTree(work);
        }
    }

    private double run(EmbeddedKafka kafka, Path work) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Properties tuning = settings.streamsOverrides();
        Properties effective = DetectorTopology.properties(spec("bench-detector", POINTS), bootstrap, work, Map.of());
        effective.putAll(tuning);
        out.printf(Locale.ROOT, "bench series=%d points=%d guarantee=%s partitions=%d warmup=%d daily_profile=%s key_is_series=%s threads=%s "
                        + "commit.interval.ms=%s producer.batch.size=%s producer.linger.ms=%s producer.compression.type=%s "
                        + "statestore.cache.max.bytes=%s overrides=%s%n",
                settings.series(), settings.points(), settings.guarantee(), settings.partitions(), settings.warmupPoints(),
                settings.dailyProfile(), !settings.repartition(),
                effective.getOrDefault("num.stream.threads", 1), effective.get("commit.interval.ms"),
                effective.get("producer.batch.size"), effective.get("producer.linger.ms"),
                effective.get("producer.compression.type"), effective.get("statestore.cache.max.bytes"), tuning);

        BenchInput input = new BenchInput(settings.series());
        TopologySpec detector = spec("bench-detector", POINTS);
        TopologySpec baseline = spec("bench-baseline", POINTS);
        TopologySpec warmDetector = spec("bench-warmup-detector", WARMUP_POINTS);
        TopologySpec warmBaseline = spec("bench-warmup-baseline", WARMUP_POINTS);
        List<TopologySpec> shaped = new ArrayList<>();
        for (int i = 0; i < settings.shapedSizes().size(); i++) {
            shaped.add(spec(i == 0 ? "bench-shaped" : "bench-shaped-" + (i + 1), POINTS));
        }
        TopologySpec warmShaped = spec("bench-warmup-shaped", WARMUP_POINTS);
        List<TopologySpec> specs = new ArrayList<>(List.of(detector, baseline, warmDetector, warmBaseline));
        specs.addAll(shaped);
        if (settings.shapedBaseline()) {
            specs.add(warmShaped);
        }
        for (TopologySpec s : specs) {
            DetectorApp.ensureTopics(s, bootstrap, Map.of(), settings.partitions(), (short) 1);
        }

        long t0 = System.nanoTime();
        long rounds = input.produce(bootstrap, POINTS, settings.points(), 0);
        double produceSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "input points=%d rounds=%d produced_in=%.1fs (%.0f/s)%n", settings.points(), rounds,
                produceSeconds, settings.points() / produceSeconds);
        if (settings.warmupPoints() > 0) {
            input.produce(bootstrap, WARMUP_POINTS, settings.warmupPoints(), 0);
            Map<TopicPartition, Long> warmEnds = endOffsets(bootstrap, WARMUP_POINTS);
            measure("warmup-baseline", BaselineTopology.build(warmBaseline), warmBaseline, work, bootstrap, tuning, warmEnds,
                    settings.warmupPoints(), false).close();
            measure("warmup-detector", detectorTopology(warmDetector), warmDetector, work, bootstrap, tuning, warmEnds,
                    settings.warmupPoints(), false).close();
            if (settings.shapedBaseline()) {
                // One shape warms them all: their code is the same, only the array lengths differ.
                measure("warmup-shaped", BaselineTopology.buildShaped(warmShaped, settings.shapedSizes().get(0)), warmShaped, work,
                        bootstrap, tuning, warmEnds, settings.warmupPoints(), false).close();
            }
        }

        Map<TopicPartition, Long> inputEnds = endOffsets(bootstrap, POINTS);
        List<Double> ratios = new ArrayList<>();
        for (int rep = 1; rep < settings.repeat(); rep++) {
            ratios.add(repetition(rep, work, bootstrap, tuning, inputEnds));
        }
        Measured base = settings.detectorFirst() ? null : baseline("baseline", baseline, work, bootstrap, tuning, inputEnds);
        Measured det = measure("detector", detectorTopology(detector), detector, work, bootstrap, tuning, inputEnds, settings.points(), true);
        try {
            if (settings.latencySeconds() > 0) {
                double rate = settings.latencyRate() > 0 ? settings.latencyRate() : Math.max(1, Math.round(det.rate / 2));
                var lat = LatencyProbe.run(bootstrap, POINTS, detector.topics.scores, input, rounds, rate,
                        Duration.ofSeconds(settings.latencyWarmupSeconds()), Duration.ofSeconds(settings.latencySeconds()));
                out.printf(Locale.ROOT, "latency rate=%.0f/s sent=%d scored=%d %s (first half %s; second half %s;"
                                + " producer behind schedule at most %.1fms)%n",
                        lat.rate(), lat.sent(), lat.received(), lat.all().describe(), lat.firstHalf().describe(),
                        lat.secondHalf().describe(), lat.producerLagMs());
                out.println("latency-probe " + lat.gc().describe());
                out.println("latency-probe acked " + lat.acked().describe() + " (from each point's scheduled send to the"
                        + " broker's acknowledgement of it: the part of the latency before Kafka Streams can read the point)");
                out.println("latency-probe cpu_us_per_record " + lat.cpuPerPoint());
                if (settings.latencyCsv() != null) {
                    lat.writeCsv(settings.latencyCsv());
                }
                latencyFailure = lat.failure();
                if (latencyFailure != null) {
                    out.println("latency FAILED: " + latencyFailure);
                }
            }
            if (settings.idleSeconds() > 0) {
                measureIdle(Duration.ofSeconds(settings.idleSeconds()));
            }
            if (settings.scale()) {
                new ScaleReport(out, settings, work, bootstrap, tuning, detector, this::detectorTopology).measure(det.run);
            }
        } finally {
            det.close();
        }
        if (base == null) {
            // Measured up to the same offsets, so the latency probe's extra points do not count.
            base = baseline("baseline", baseline, work, bootstrap, tuning, inputEnds);
        }
        ratios.add(det.rate / base.rate);
        double ratio = median(ratios);
        for (int i = 0; i < shaped.size(); i++) {
            ShapedSize size = settings.shapedSizes().get(i);
            String name = i == 0 ? "shaped-baseline" : "shaped-baseline-" + size;
            Measured shapedRun = measure(name, BaselineTopology.buildShaped(shaped.get(i), size), shaped.get(i), work, bootstrap,
                    tuning, inputEnds, settings.points(), true);
            shapedRun.close();
            out.printf(Locale.ROOT, "shaped_ratio=%.3f (detector / a baseline with %s: what detection itself costs)"
                    + " shaped/baseline=%.3f (what a %d-byte state and a %d-byte output per point cost)%n",
                    det.rate / shapedRun.rate, i == 0 ? "its state and output sizes" : "a " + size + " shape",
                    shapedRun.rate / base.rate, size.stateBytes(), size.outputBytes());
        }
        out.printf(Locale.ROOT, "cpu_ratio=%.3f (records per CPU-second of the whole process, detector / baseline)%n",
                det.cpuRate / base.cpuRate);
        if (ratios.size() > 1) {
            StringBuilder each = new StringBuilder();
            for (double r : ratios) {
                each.append(each.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", r));
            }
            out.printf(Locale.ROOT, "ratios=%s (detector / baseline in each repetition, measured in turn; the ratio is their"
                    + " median)%n", each);
        }
        out.printf(Locale.ROOT, "ratio=%.3f%n", ratio);
        return ratio;
    }

    /**
     * One earlier repetition: the baseline and the detector, each under application ids of its own, measured in turn
     * on the same input as the last repetition (which also runs the latency probe and the shaped baselines). Returns
     * the detector's rate over the baseline's. One shared machine moves a single phase by a fifth or more; the median
     * of several alternating pairs is what a lever has to move.
     */
    private double repetition(int rep, Path work, String bootstrap, Properties tuning, Map<TopicPartition, Long> ends)
            throws Exception {
        TopologySpec base = spec("bench-baseline-rep" + rep, POINTS);
        TopologySpec det = spec("bench-detector-rep" + rep, POINTS);
        for (TopologySpec s : List.of(base, det)) {
            DetectorApp.ensureTopics(s, bootstrap, Map.of(), settings.partitions(), (short) 1);
        }
        double baseRate = settings.detectorFirst() ? 0 : baseline("baseline-rep" + rep, base, work, bootstrap, tuning, ends).rate;
        Measured detMeasured = measure("detector-rep" + rep, detectorTopology(det), det, work, bootstrap, tuning, ends,
                settings.points(), true);
        detMeasured.close();
        if (settings.detectorFirst()) {
            baseRate = baseline("baseline-rep" + rep, base, work, bootstrap, tuning, ends).rate;
        }
        return detMeasured.rate / baseRate;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    Topology detectorTopology(TopologySpec spec) {
        return DetectorTopology.build(spec, DetectorEvents.NONE, model);
    }

    private record Measured(TopologyRun run, double rate, double cpuRate) implements AutoCloseable {
        @Override
        public void close() {
            run.close();
        }
    }

    private Measured baseline(String name, TopologySpec spec, Path work, String bootstrap, Properties tuning,
                              Map<TopicPartition, Long> ends) throws Exception {
        Measured m = measure(name, BaselineTopology.build(spec), spec, work, bootstrap, tuning, ends, settings.points(), true);
        m.close();
        return m;
    }

    /**
     * What the detector's threads spend with nothing to read: Kafka Streams runs its loop each time a poll times out
     * ({@code poll.ms}), whether or not anything came. The first moments hold the last commit of what came before,
     * a few ms of CPU, negligible over seconds.
     */
    private void measureIdle(Duration length) throws InterruptedException {
        CpuBreakdown cpu = new CpuBreakdown();
        long start = System.nanoTime();
        Thread.sleep(length.toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "idle seconds=%d cpu_ms_per_s %s%n", length.toSeconds(), cpu.perSecond(seconds));
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new java.util.HashMap<>();
            for (var p : partitions) {
                request.put(new TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    private Measured measure(String name, Topology topology, TopologySpec spec, Path work, String bootstrap, Properties tuning,
                             Map<TopicPartition, Long> ends, long records, boolean print) throws Exception {
        Properties props = DetectorTopology.properties(spec, bootstrap, work.resolve("state-" + spec.applicationId), Map.of());
        props.putAll(tuning);
        TopologyRun run = new TopologyRun(topology, props);
        CpuBreakdown cpu = new CpuBreakdown();
        Duration startup = run.start(Duration.ofMinutes(2));
        Duration took = run.awaitCommitted(ends, Duration.ofMinutes(30));
        double rate = records / (took.toNanos() / 1e9);
        double cpuSeconds = run.cpuTime().toNanos() / 1e9;
        if (print) {
            out.printf(Locale.ROOT, "%s records=%d seconds=%.2f rate=%.0f/s cpu=%.1fs (%.1f us/record) load=%.1f startup=%.1fs%n",
                    name, records, took.toNanos() / 1e9, rate, cpuSeconds, cpuSeconds * 1e6 / records,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), startup.toNanos() / 1e9);
            out.printf(Locale.ROOT, "%s cpu_us_per_record %s%n", name, cpu.perRecord(records));
            out.printf(Locale.ROOT, "%s stream_thread_time %s%n", name, run.threadTime());
        }
        return new Measured(run, rate, cpuSeconds > 0 ? records / cpuSeconds : Double.NaN);
    }

    TopologySpec spec(String applicationId, String pointsTopic) throws IOException {
        return TopologySpec.parse(String.join("\n",
                "name: " + applicationId,
                "applicationId: " + applicationId,
                "topics:",
                "  points: " + pointsTopic,
                "  scores: " + applicationId + "-scores",
                "  deadLetters: " + applicationId + "-dead-letters",
                "  models: " + applicationId + "-models",
                "input:",
                "  keyIsSeries: " + !settings.repartition(),
                "scoring:",
                "  dailyProfile: " + settings.dailyProfile(),
                "guarantee: " + settings.guarantee(),
                // The benchmark starts up to a million series in the same minutes of event time: uncapped.
                "maxNewSeriesPerMinute: 0",
                ""));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
