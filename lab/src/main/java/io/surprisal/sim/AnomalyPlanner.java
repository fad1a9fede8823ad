package io.surprisal.sim;

import java.util.SplittableRandom;

/**
 * Decides when anomalies happen on a series and how big they are. Sizes are in multiples of the series'
 * noise sigma so that every anomaly is clear to a person looking at the plot yet not absurd:
 * spikes 6–10 sigma, level shifts 5–8 sigma, stuck values for 40–120 points, noise bursts of 5 times the
 * usual sigma for 20–60 points. Starts are spaced by at least {@code minGapPoints} normal points, the
 * first one after the warm-up.
 */
final class AnomalyPlanner {

    static final double SPIKE_MIN_SIGMAS = 6, SPIKE_MAX_SIGMAS = 10;
    static final double SHIFT_MIN_SIGMAS = 5, SHIFT_MAX_SIGMAS = 8;
    static final int STUCK_MIN_POINTS = 40, STUCK_MAX_POINTS = 120;
    static final double BURST_SIGMA_FACTOR = 5;
    static final int BURST_MIN_POINTS = 20, BURST_MAX_POINTS = 60;
    /** A level shift is permanent; this is how long after it a detection still counts as finding it. */
    static final int SHIFT_WINDOW_POINTS = 30;
    /** Normal points kept after the last anomaly of a bounded series, so a detector can still react. */
    static final int TAIL_POINTS = 30;

    static final long NEVER = Long.MAX_VALUE;

    private final SimulatorSettings settings;

    AnomalyPlanner(SimulatorSettings settings) {
        this.settings = settings;
    }

    long firstStart(SplittableRandom random) {
        return settings.warmupPoints() + randomGap(random);
    }

    long nextStartAfter(long lastIndex, SplittableRandom random) {
        return lastIndex + 1 + settings.minGapPoints() + randomGap(random);
    }

    /**
     * The anomaly starting at {@code index}, or null when a bounded series has too few points left for it;
     * then the series gets no further anomalies.
     *
     * @param levelOffset the series' current shift from its original level, to steer new shifts back
     * @param lastValue   the previous value emitted, which a stuck sensor repeats
     */
    ActiveAnomaly begin(long index, double sigma, double levelOffset, double lastValue, SplittableRandom random) {
        AnomalyKind kind = AnomalyKind.values()[random.nextInt(AnomalyKind.values().length)];
        ActiveAnomaly anomaly = switch (kind) {
            case SPIKE -> new ActiveAnomaly(kind, index, index,
                    randomSign(random) * between(random, SPIKE_MIN_SIGMAS, SPIKE_MAX_SIGMAS) * sigma, Double.NaN);
            case LEVEL_SHIFT -> new ActiveAnomaly(kind, index, index + SHIFT_WINDOW_POINTS - 1,
                    towardsOrigin(levelOffset, random) * between(random, SHIFT_MIN_SIGMAS, SHIFT_MAX_SIGMAS) * sigma,
                    Double.NaN);
            case STUCK -> new ActiveAnomaly(kind, index,
                    index + random.nextInt(STUCK_MIN_POINTS, STUCK_MAX_POINTS + 1) - 1, 0, lastValue);
            // Extra noise on top of the usual: total sigma = BURST_SIGMA_FACTOR * sigma.
            case NOISE_BURST -> new ActiveAnomaly(kind, index,
                    index + random.nextInt(BURST_MIN_POINTS, BURST_MAX_POINTS + 1) - 1,
                    Math.sqrt(BURST_SIGMA_FACTOR * BURST_SIGMA_FACTOR - 1) * sigma, Double.NaN);
        };
        boolean fits = settings.pointsPerSeries() == 0
                || anomaly.lastIndex() + TAIL_POINTS < settings.pointsPerSeries();
        return fits ? anomaly : null;
    }

    /** Exponential beyond the minimum gap: anomalies arrive at random, never bunched. */
    private long randomGap(SplittableRandom random) {
        double mean = settings.meanGapPoints() - settings.minGapPoints();
        return Math.round(-mean * Math.log(1.0 - random.nextDouble()));
    }

    /** Shifts alternate back towards the original level so that many of them do not walk the level away. */
    private static double towardsOrigin(double levelOffset, SplittableRandom random) {
        if (levelOffset > 0) {
            return -1;
        }
        if (levelOffset < 0) {
            return 1;
        }
        return randomSign(random);
    }

    private static double randomSign(SplittableRandom random) {
        return random.nextBoolean() ? 1 : -1;
    }

    private static double between(SplittableRandom random, double min, double max) {
        return min + (max - min) * random.nextDouble();
    }
}
