package io.surprisal.state;

/**
 * What the anomaly likelihood remembers of one stream of surprisal values: the short average and
 * the long-run mean and variance of that average.
 */
public final class SurprisalStats {
    public float shortAverage;
    public float longMean;
    public float longVariance;
    /**
     * The highest short average in the current visit to an hour of day, at half precision: what the
     * hour's baseline moves towards when the visit ends (with hourly baselines only).
     */
    public float visitPeak;

    public void clear() {
        shortAverage = 0;
        longMean = 0;
        longVariance = 0;
        visitPeak = 0;
    }
}
