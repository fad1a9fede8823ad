package io.surprisal.sim;

import java.util.SplittableRandom;

/**
 * An anomaly in progress on one series, over point indexes {@code [firstIndex, lastIndex]}. It alters the
 * value the series would otherwise have; a level shift alters nothing here because it moves the
 * series' level for good when it begins (see {@link SeriesGenerator}).
 */
final class ActiveAnomaly {

    private final AnomalyKind kind;
    private final long firstIndex;
    private final long lastIndex;
    private final double size;
    private final double stuckValue;

    /**
     * @param size       for a spike, the signed offset; for a noise burst, the extra standard deviation;
     *                   for a level shift, the signed offset of the new level
     * @param stuckValue for a stuck sensor, the value it repeats
     */
    ActiveAnomaly(AnomalyKind kind, long firstIndex, long lastIndex, double size, double stuckValue) {
        this.kind = kind;
        this.firstIndex = firstIndex;
        this.lastIndex = lastIndex;
        this.size = size;
        this.stuckValue = stuckValue;
    }

    AnomalyKind kind() {
        return kind;
    }

    long firstIndex() {
        return firstIndex;
    }

    long lastIndex() {
        return lastIndex;
    }

    double size() {
        return size;
    }

    double alter(double normalValue, SplittableRandom random) {
        return switch (kind) {
            case SPIKE -> normalValue + size;
            case STUCK -> stuckValue;
            case NOISE_BURST -> normalValue + size * Gaussian.next(random);
            case LEVEL_SHIFT -> normalValue;
        };
    }
}
