package io.surprisal.sim;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Holds a simulation back so that it runs at a chosen pace against the wall clock: a number of points per
 * second, or a speed-up of simulated time (60 = one simulated minute per second), or as fast as it can.
 */
public final class SimulationPacer {

    private final double pointsPerSecond;
    private final double speedup;
    private long wallStartNanos = -1;

    private SimulationPacer(double pointsPerSecond, double speedup) {
        this.pointsPerSecond = pointsPerSecond;
        this.speedup = speedup;
    }

    public static SimulationPacer unthrottled() {
        return new SimulationPacer(0, 0);
    }

    public static SimulationPacer pointsPerSecond(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
        return new SimulationPacer(rate, 0);
    }

    /** {@code factor} simulated seconds pass per wall-clock second. */
    public static SimulationPacer speedup(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed-up must be positive: " + factor);
        }
        return new SimulationPacer(0, factor);
    }

    /**
     * Waits until the wall clock has caught up with the work done so far. The first call starts the clock.
     * Pacing by totals rather than per batch means a slow moment is made up for, not lost.
     */
    public void awaitTurn(long pointsEmitted, Duration simulatedElapsed) throws InterruptedException {
        long now = System.nanoTime();
        if (wallStartNanos < 0) {
            wallStartNanos = now;
        }
        double dueSeconds;
        if (pointsPerSecond > 0) {
            dueSeconds = pointsEmitted / pointsPerSecond;
        } else if (speedup > 0) {
            dueSeconds = simulatedElapsed.toNanos() / 1e9 / speedup;
        } else {
            return;
        }
        long waitNanos = wallStartNanos + (long) (dueSeconds * 1e9) - now;
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }
}
