package io.surprisal.model;

/**
 * How a series' raw values become the model's inputs: an exponentially decaying mean and
 * variance whose weight starts as a plain running average (so the first points are not
 * dominated by an arbitrary prior) and settles at {@code 1/horizon}.
 *
 * <p>The standard deviation has a floor relative to the level, so a constant series does not
 * divide by zero and a stuck sensor that moves again shows up as a clipped, very surprising step.
 *
 * @param horizon   effective number of points the mean and variance remember
 * @param clip      normalised values are clipped to [-clip, clip]
 * @param relativeFloor the standard deviation is at least this fraction of |mean| (and 1e-9)
 */
public record Normalization(double horizon, double clip, double relativeFloor) {
    public static final Normalization DEFAULT = new Normalization(1000, 10, 1e-3);

    public Normalization {
        if (!(horizon >= 1) || !(clip > 0) || !(relativeFloor >= 0) || Double.isInfinite(horizon)
                || Double.isInfinite(clip) || Double.isInfinite(relativeFloor)) {
            throw new IllegalArgumentException("normalization needs horizon >= 1, clip > 0, relativeFloor >= 0; got "
                    + horizon + ", " + clip + ", " + relativeFloor);
        }
    }

    /** Weight of the newest point after {@code count} points have been seen (count >= 1). */
    public double weight(long count) {
        return Math.max(1.0 / count, 1.0 / horizon);
    }

    public double std(double mean, double variance) {
        return Math.max(Math.sqrt(Math.max(variance, 0)), floor(mean));
    }

    /** The least standard deviation a series at this mean is given. */
    public double floor(double mean) {
        return Math.max(relativeFloor * Math.abs(mean), 1e-9);
    }

    /**
     * Whether {@code value} lies more than {@code spreads} standard deviations from the mean of a series that has a
     * spread of its own (its variance above the floor: a new or constant series has no scale to judge by yet).
     */
    public boolean isBeyond(double value, double mean, double variance, double spreads) {
        double spread = Math.sqrt(Math.max(variance, 0));
        return spread > floor(mean) && Math.abs(value - mean) > spreads * spread;
    }

    public double normalize(double value, double mean, double variance) {
        double z = (value - mean) / std(mean, variance);
        return Math.max(-clip, Math.min(clip, z));
    }
}
