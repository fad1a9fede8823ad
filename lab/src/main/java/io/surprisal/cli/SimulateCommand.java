package io.surprisal.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.surprisal.sim.AnomalyCsv;
import io.surprisal.sim.KafkaPointSink;
import io.surprisal.sim.SensorSimulator;
import io.surprisal.sim.SimulationPacer;
import io.surprisal.sim.SimulationRunner;
import io.surprisal.sim.SimulatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code surprisal simulate}: the sensor simulator, producing to a Kafka topic. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Produces simulated sensor points with labelled anomalies to a Kafka topic.",
                "Key = series id; value = {\"series\":\"plant1/pump01/temp\",\"ts\":\"2026-11-24T00:00:00Z\",\"value\":42.17}."})
public final class SimulateCommand implements Callable<Integer> {

    static final String LIVE = "now";
    static final long DEFAULT_POINTS_PER_SERIES = 1440;

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    private String bootstrapServers;

    @Option(names = "--topic", defaultValue = "points", description = "Topic to produce to (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--series", defaultValue = "200", paramLabel = "N",
            description = "Number of series (default: ${DEFAULT-VALUE}).")
    private int series;

    @Option(names = "--start", defaultValue = "2026-11-24T00:00:00Z", paramLabel = "now|INSTANT",
            description = {"Timestamp of the first points (default: ${DEFAULT-VALUE}, a replay at --rate).",
                    "now: live, as sensors send: points stamped with the wall clock, each series at its own interval, "
                            + "until stopped; a restart starts from now again, never replaying old timestamps."})
    private String start;

    @Option(names = "--interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Every series sends one point per DURATION (whole seconds: 10s, 1m); "
                    + "default: each series its own, 30 s to 5 min.")
    private Duration interval;

    @Option(names = "--points-per-series", paramLabel = "N",
            description = "Points each series emits; 0 runs until interrupted (default: 1440, or 0 with --start now).")
    private Long pointsPerSeries;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "POINTS_PER_SECOND",
            description = "Points per second over all series, for a replay; 0 for as fast as possible (default: ${DEFAULT-VALUE}). "
                    + "With --start now the wall clock sets the pace (use --interval).")
    private double rate;

    @Option(names = "--progress-every", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often a progress line (sent, rate, series) goes to stderr (default: ${DEFAULT-VALUE}).")
    private Duration progressEvery;

    @Option(names = "--status-file", paramLabel = "FILE",
            description = "Also write each progress line to this file (a health check can read its age).")
    private Path statusFile;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same points (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--anomalies-out", paramLabel = "FILE",
            description = "Write the injected anomalies (series,kind,start_ts,end_ts) to this CSV file.")
    private Path anomaliesOut;

    @Option(names = {"-X", "--producer-property"}, paramLabel = "KEY=VALUE",
            description = "Any Kafka producer setting, e.g. -X security.protocol=SASL_SSL; may be repeated.")
    private Map<String, String> producerProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        boolean live = LIVE.equalsIgnoreCase(start.trim());
        long points = pointsPerSeries != null ? pointsPerSeries : live ? 0 : DEFAULT_POINTS_PER_SERIES;
        if (series < 1 || points < 0 || rate < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--series must be at least 1, --points-per-series and --rate at least 0");
        }
        if (live && rate > 0) {
            throw new ParameterException(spec.commandLine(),
                    "--rate paces a replay; with --start now the wall clock sets the pace (use --interval)");
        }
        if (interval != null && (interval.isZero() || interval.getNano() != 0)) {
            throw new ParameterException(spec.commandLine(), "--interval must be a whole number of seconds, at least 1s");
        }
        if (progressEvery.isZero()) {
            throw new ParameterException(spec.commandLine(), "--progress-every must be longer than 0s");
        }
        SimulatorSettings settings = SimulatorSettings.defaults(series, seed).withPointsPerSeries(points).withInterval(interval);
        SimulationPacer pacer;
        if (live) {
            settings = live(settings, Instant.now());
            pacer = SimulationPacer.speedup(1);
        } else {
            settings = settings.withStart(instant(start));
            pacer = rate > 0 ? SimulationPacer.pointsPerSecond(rate) : SimulationPacer.unthrottled();
        }
        SensorSimulator simulator = new SensorSimulator(settings);
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), series, progressEvery, System::nanoTime, statusFile);

        try (KafkaPointSink sink = KafkaPointSink.create(bootstrapServers, topic, Map.copyOf(producerProperties))) {
            SimulationRunner runner = new SimulationRunner(simulator, sink, pacer, progress);
            // On Ctrl-C the hook stops the runner and waits until the points are flushed and the ground truth
            // is written, so that the CSV matches what reached the topic.
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> stopAndAwait(runner, done), "simulate-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                long sent = runner.run(); // flushes the producer before it returns
                if (anomaliesOut != null) {
                    AnomalyCsv.write(anomaliesOut, simulator.injectedAnomalies());
                }
                PrintWriter out = spec.commandLine().getOut();
                out.printf("simulated points=%d series=%d anomalies=%d until=%s topic=%s%n",
                        sent, series, simulator.injectedAnomalies().size(), simulator.simulatedTime(), topic);
                out.flush();
            } finally {
                done.countDown();
                removeHook(hook);
            }
        }
        return 0;
    }

    /**
     * Settings for {@code --start now}: one-second ticks that start a tick before {@code now}. Paced at a speed-up
     * of 1, each batch then holds the points of the second that has just ended, so no point is stamped in the future.
     */
    static SimulatorSettings live(SimulatorSettings settings, Instant now) {
        return settings.withTick(Duration.ofSeconds(1)).withStart(now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1));
    }

    private Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(),
                    "--start must be now or an ISO-8601 instant such as 2026-11-24T00:00:00Z, was '" + text + "'");
        }
    }

    private static void stopAndAwait(SimulationRunner runner, CountDownLatch done) {
        runner.stop();
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping; the hook has done its job.
        }
    }
}
