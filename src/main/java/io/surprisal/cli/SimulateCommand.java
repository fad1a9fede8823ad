package io.surprisal.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Option(names = "--points-per-series", defaultValue = "1440", paramLabel = "N",
            description = "Points each series emits; 0 runs until interrupted (default: ${DEFAULT-VALUE}).")
    private long pointsPerSeries;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "POINTS_PER_SECOND",
            description = "Points per second over all series; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    private double rate;

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
        if (series < 1 || pointsPerSeries < 0 || rate < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--series must be at least 1, --points-per-series and --rate at least 0");
        }
        SensorSimulator simulator = new SensorSimulator(
                SimulatorSettings.defaults(series, seed).withPointsPerSeries(pointsPerSeries));
        SimulationPacer pacer = rate > 0 ? SimulationPacer.pointsPerSecond(rate) : SimulationPacer.unthrottled();

        try (KafkaPointSink sink = KafkaPointSink.create(bootstrapServers, topic, Map.copyOf(producerProperties))) {
            SimulationRunner runner = new SimulationRunner(simulator, sink, pacer);
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
