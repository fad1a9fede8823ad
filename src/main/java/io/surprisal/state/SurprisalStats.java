package io.surprisal.state;

/**
 * What the anomaly likelihood remembers of one stream of surprisal values: the short average, the
 * long-run mean and variance of that average, and whether the previous point was "red".
 */
public final class SurprisalStats {
    public float shortAverage;
    public float longMean;
    public float longVariance;
    public boolean lastRed;

    public void clear() {
        shortAverage = 0;
        longMean = 0;
        longVariance = 0;
        lastRed = false;
    }
}
