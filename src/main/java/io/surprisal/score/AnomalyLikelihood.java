package io.surprisal.score;

import io.surprisal.state.SeriesState;
import org.apache.commons.math3.special.Erf;

/**
 * Turns a stream of surprisal values into the probability that the series changed, after
 * Numenta's anomaly likelihood: a short average of surprisal is compared with the long-run
 * distribution of that average, and the Gaussian upper tail says how unusual it is.
 *
 * <p>Two details carry most of the benefit. The long-run statistics are compared before they
 * absorb the new value (the past judges the present). And a run of "red" tail probabilities
 * (≤ 1e-5) is damped: the second red point in a row is raised to 1e-3, so one change fires one
 * detection instead of a burst of them.
 */
public final class AnomalyLikelihood {
    static final double RED = 1e-5;
    static final double YELLOW = 1e-3;
    private static final double SQRT2 = Math.sqrt(2);

    private final double shortWeight;
    private final ScoringConfig config;

    public AnomalyLikelihood(ScoringConfig config) {
        this.config = config;
        this.shortWeight = 2.0 / (config.shortWindow() + 1);
    }

    /**
     * Folds in the surprisal of the {@code n}-th statistic update (n ≥ 1) and returns
     * 1 − tail probability. Mutates the likelihood fields of {@code s}.
     */
    public double update(SeriesState s, double surprisal, long n) {
        double shortAvg = n == 1 ? surprisal : s.shortSurprisal + shortWeight * (surprisal - s.shortSurprisal);
        double tail;
        if (n <= config.shortWindow()) {
            tail = 0.5; // no long-run history yet to judge against
        } else {
            double std = Math.max(Math.sqrt(s.longVariance), config.minLongStd());
            tail = upperTail((shortAvg - s.longMean) / std);
        }
        double w = Math.max(1.0 / n, 1.0 / config.longHorizon());
        double d = shortAvg - s.longMean;
        s.longMean = (float) (s.longMean + w * d);
        s.longVariance = (float) ((1 - w) * (s.longVariance + w * d * d));
        s.shortSurprisal = (float) shortAvg;

        if (tail <= RED && s.lastRed) {
            tail = YELLOW;
        }
        s.lastRed = tail <= RED;
        return 1.0 - tail;
    }

    /** P(Z > z) for a standard normal Z. */
    static double upperTail(double z) {
        return 0.5 * Erf.erfc(z / SQRT2);
    }
}
