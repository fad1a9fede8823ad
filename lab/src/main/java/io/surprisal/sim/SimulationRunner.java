package io.surprisal.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drives a {@link SensorSimulator} into a {@link PointSink} at the pace of a {@link SimulationPacer}. */
public final class SimulationRunner {

    private static final Logger log = LoggerFactory.getLogger(SimulationRunner.class);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final SensorSimulator simulator;
    private final PointSink sink;
    private final SimulationPacer pacer;
    private final Progress progress;
    private volatile boolean stopRequested;

    /** Told after every batch how far the run has got; it decides itself when that is worth a line. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (sent, simulatedTime) -> { };

        void batchSent(long sent, Instant simulatedTime);
    }

    public SimulationRunner(SensorSimulator simulator, PointSink sink, SimulationPacer pacer) {
        this(simulator, sink, pacer, Progress.NONE);
    }

    public SimulationRunner(SensorSimulator simulator, PointSink sink, SimulationPacer pacer, Progress progress) {
        this.simulator = simulator;
        this.sink = sink;
        this.pacer = pacer;
        this.progress = progress;
    }

    /**
     * Sends batches until the simulation is finished or {@link #stop()} is called, then flushes the sink.
     *
     * @return the number of points sent by this call
     */
    public long run() throws InterruptedException {
        long sent = 0;
        long nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
        while (!stopRequested && !simulator.isFinished()) {
            for (SensorPoint point : simulator.nextBatch()) {
                sink.accept(point);
                sent++;
            }
            progress.batchSent(sent, simulator.simulatedTime());
            pacer.awaitTurn(sent, Duration.between(simulator.settings().start(), simulator.simulatedTime()));
            if (System.nanoTime() > nextProgress) {
                nextProgress += PROGRESS_EVERY_NANOS;
                log.info("simulated up to {}: {} points sent, {} anomalies injected",
                        simulator.simulatedTime(), sent, simulator.injectedAnomalies().size());
            }
        }
        sink.flush();
        return sent;
    }

    /** Asks {@link #run()} to return after the current batch; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }
}
