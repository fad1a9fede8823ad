package io.surprisal.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SimulationRunnerTest {

    @Test
    void sendsEveryPointOfABoundedSimulationAndFlushes() throws Exception {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(8, 1).withPointsPerSeries(400));
        List<SensorPoint> received = new ArrayList<>();
        AtomicLong flushes = new AtomicLong();
        PointSink sink = new PointSink() {
            @Override
            public void accept(SensorPoint point) {
                received.add(point);
            }

            @Override
            public void flush() {
                flushes.incrementAndGet();
            }
        };

        long sent = new SimulationRunner(simulator, sink, SimulationPacer.unthrottled()).run();

        assertEquals(8 * 400, sent);
        assertEquals(8 * 400, received.size());
        assertEquals(1, flushes.get());
    }

    @Test
    void stopEndsAnUnboundedRun() {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(4, 1).withPointsPerSeries(0));
        AtomicLong received = new AtomicLong();
        SimulationRunner runner = new SimulationRunner(simulator, PointSink.of(p -> received.incrementAndGet()),
                SimulationPacer.pointsPerSecond(2000));
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > 100);
        runner.stop();

        long sent = run.orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals(received.get(), sent);
        assertFalse(simulator.isFinished());
    }

    @Test
    void aRateHoldsTheRunBack() throws Exception {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(10, 1).withPointsPerSeries(50));
        long began = System.nanoTime();
        long sent = new SimulationRunner(simulator, PointSink.of(p -> { }), SimulationPacer.pointsPerSecond(1000)).run();
        double seconds = (System.nanoTime() - began) / 1e9;
        // 500 points at 1,000/s: the last batch is due at 0.5 s; a busy machine can only make it later.
        assertEquals(500, sent);
        assertTrue(seconds >= 0.49, "took " + seconds + " s");
    }

    @Test
    void aSpeedUpPacesSimulatedTime() throws Exception {
        // 30 one-minute ticks at 3,600x: half a simulated hour in half a second.
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(2, 1).withPointsPerSeries(30));
        long began = System.nanoTime();
        new SimulationRunner(simulator, PointSink.of(p -> { }), SimulationPacer.speedup(3600)).run();
        double seconds = (System.nanoTime() - began) / 1e9;
        assertTrue(seconds >= 0.45, "took " + seconds + " s");
    }

    @Test
    void tellsItsProgressAfterEveryBatch() throws Exception {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(4, 1).withPointsPerSeries(50));
        List<Long> sentSoFar = new ArrayList<>();

        long sent = new SimulationRunner(simulator, PointSink.of(p -> { }), SimulationPacer.unthrottled(),
                (total, simulatedTime) -> sentSoFar.add(total)).run();

        assertFalse(sentSoFar.isEmpty());
        assertEquals(sent, sentSoFar.get(sentSoFar.size() - 1));
        for (int i = 1; i < sentSoFar.size(); i++) {
            assertTrue(sentSoFar.get(i) >= sentSoFar.get(i - 1), "totals never go back");
        }
    }
}
