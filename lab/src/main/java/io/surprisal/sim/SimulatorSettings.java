package io.surprisal.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * How a {@link SensorSimulator} runs. Start from {@link #defaults(int, long)} and change what matters:
 * {@code SimulatorSettings.defaults(200, 42).withPointsPerSeries(2000)}.
 *
 * @param seriesCount     number of series
 * @param seed            everything random follows from it: the same seed gives the same points
 * @param start           simulated time of the first point of every series
 * @param tick            how far {@link SensorSimulator#nextBatch()} moves simulated time
 * @param pointsPerSeries points each series emits before it ends; 0 for no end
 * @param warmupPoints    no anomaly starts before this many points of a series (detectors need history)
 * @param minGapPoints    at least this many normal points between two anomalies of a series
 * @param meanGapPoints   average distance between anomalies of a series; fewer anomalies when larger
 * @param interval        time between two points of every series; null for each series' own (30 s to 5 min)
 */
public record SimulatorSettings(int seriesCount, long seed, Instant start, Duration tick, long pointsPerSeries,
                                int warmupPoints, int minGapPoints, int meanGapPoints, Duration interval) {

    public static final Instant DEFAULT_START = Instant.parse("2026-11-24T00:00:00Z");

    public SimulatorSettings {
        if (seriesCount < 1) {
            throw new IllegalArgumentException("seriesCount must be at least 1: " + seriesCount);
        }
        if (tick.isNegative() || tick.isZero() || tick.getNano() != 0) {
            throw new IllegalArgumentException("tick must be a positive number of whole seconds: " + tick);
        }
        if (pointsPerSeries < 0 || warmupPoints < 0 || minGapPoints < 0 || meanGapPoints < minGapPoints) {
            throw new IllegalArgumentException("need pointsPerSeries, warmupPoints, minGapPoints >= 0"
                    + " and meanGapPoints >= minGapPoints: " + this);
        }
        if (interval != null && (interval.isNegative() || interval.isZero() || interval.getNano() != 0)) {
            throw new IllegalArgumentException("interval must be a positive number of whole seconds: " + interval);
        }
    }

    /** Every series at its own interval. */
    public SimulatorSettings(int seriesCount, long seed, Instant start, Duration tick, long pointsPerSeries,
                             int warmupPoints, int minGapPoints, int meanGapPoints) {
        this(seriesCount, seed, start, tick, pointsPerSeries, warmupPoints, minGapPoints, meanGapPoints, null);
    }

    /** One tick per simulated minute, 1,440 points per series, warm-up 300, an anomaly every ~800 points. */
    public static SimulatorSettings defaults(int seriesCount, long seed) {
        return new SimulatorSettings(seriesCount, seed, DEFAULT_START, Duration.ofMinutes(1), 1440, 300, 300, 800, null);
    }

    public SimulatorSettings withStart(Instant value) {
        return new SimulatorSettings(seriesCount, seed, value, tick, pointsPerSeries, warmupPoints, minGapPoints, meanGapPoints, interval);
    }

    public SimulatorSettings withTick(Duration value) {
        return new SimulatorSettings(seriesCount, seed, start, value, pointsPerSeries, warmupPoints, minGapPoints, meanGapPoints, interval);
    }

    public SimulatorSettings withPointsPerSeries(long value) {
        return new SimulatorSettings(seriesCount, seed, start, tick, value, warmupPoints, minGapPoints, meanGapPoints, interval);
    }

    public SimulatorSettings withWarmupPoints(int value) {
        return new SimulatorSettings(seriesCount, seed, start, tick, pointsPerSeries, value, minGapPoints, meanGapPoints, interval);
    }

    /** Normal behaviour only: the warm-up never ends. */
    public SimulatorSettings withoutAnomalies() {
        return withWarmupPoints(Integer.MAX_VALUE);
    }

    /** Every series samples at {@code value} instead of its own interval. */
    public SimulatorSettings withInterval(Duration value) {
        return new SimulatorSettings(seriesCount, seed, start, tick, pointsPerSeries, warmupPoints, minGapPoints, meanGapPoints, value);
    }

    boolean unbounded() {
        return pointsPerSeries == 0;
    }
}
