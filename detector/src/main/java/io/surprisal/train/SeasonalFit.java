package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.SeasonalModel;
import io.surprisal.state.SeriesState;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * Learns a series' {@link SeasonalModel} from its history: the period from the autocorrelation of
 * the newest {@value #RECENT} points (the strongest peak after the first zero crossing, between
 * {@value #MIN_PERIOD} and {@value #MAX_PERIOD} points), blocks of about a {@value #STEPS_PER_PERIOD}th
 * of it, and the autoregression of each block mean on the block means of the period before it by
 * ridge regression in closed form (deterministic, a few milliseconds). The block means are formed
 * exactly as the detector forms them ({@link io.surprisal.score.SeasonalDeviation}): from the first
 * point on, clipped and stored at the same fixed-point precision.
 *
 * <p>32 steps a period was the best of 16 / 24 / 32 / 48 / 64 on the UCR series in a prototype, with
 * its neighbours close behind (see the README); with fewer, a short anomaly is averaged away, with
 * more, one prediction spans less than a period of context per coefficient fitted.
 */
public final class SeasonalFit {
    static final int STEPS_PER_PERIOD = 32;
    static final int MIN_PERIOD = 8;
    static final int MAX_PERIOD = 1000;
    /** Newest points the period is estimated from: enough for many periods, bounded cost. */
    static final int RECENT = 20_000;
    /** Ridge penalty on the normalised block means: keeps near-collinear lags of a smooth series stable. */
    static final double RIDGE = 1e-2;
    /** Periods of history needed before a period model is fitted: fewer says little about a rhythm. */
    static final int MIN_PERIODS = 4;
    private static final double MAX_MAGNITUDE = 10;
    private static final double MIN_RESIDUAL_STD = 1e-3;

    private SeasonalFit() {
    }

    /** The period model of {@code history}, or null when it is too short or constant. */
    public static SeasonalModel fit(SeriesHistory history) {
        double[] v = finite(history.values());
        int n = v.length;
        if (n < MIN_PERIODS * MIN_PERIOD) {
            return null;
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double square = 0;
        for (double x : v) {
            square += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(square / n);
        if (!(std > 0) || Double.isInfinite(std)) {
            return null;
        }
        int period = period(v);
        if (n < MIN_PERIODS * period) {
            return null;
        }
        int block = Math.max(1, period / STEPS_PER_PERIOD);
        int lags = Math.min(SeasonalModel.MAX_LAGS, Math.max(4, period / block));
        double[] means = blockMeans(v, mean, std, block);
        int samples = means.length - lags;
        if (samples < 2 * (lags + 1)) {
            return null;
        }
        int width = lags + 1;
        double[][] gram = new double[width][width];
        double[] moment = new double[width];
        double[] row = new double[width];
        for (int t = 0; t < samples; t++) {
            System.arraycopy(means, t, row, 0, lags);
            row[lags] = 1;
            double y = means[t + lags];
            for (int i = 0; i < width; i++) {
                moment[i] += row[i] * y;
                for (int j = 0; j <= i; j++) {
                    gram[i][j] += row[i] * row[j];
                }
            }
        }
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < i; j++) {
                gram[j][i] = gram[i][j];
            }
            gram[i][i] += RIDGE;
        }
        RealVector solution;
        try {
            solution = new CholeskyDecomposition(new Array2DRowRealMatrix(gram, false)).getSolver()
                    .solve(new ArrayRealVector(moment, false));
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
        float[] weights = new float[width];
        for (int i = 0; i < width; i++) {
            weights[i] = (float) solution.getEntry(i);
        }
        double errors = 0;
        for (int t = 0; t < samples; t++) {
            double predicted = weights[lags];
            for (int k = 0; k < lags; k++) {
                predicted += weights[k] * means[t + k];
            }
            double e = means[t + lags] - predicted;
            errors += e * e;
        }
        double residualStd = Math.max(Math.sqrt(errors / samples), MIN_RESIDUAL_STD);
        ShapeCodebook shapes = ShapeCodebook.learn(means, lags);
        if (shapes == null) {
            return new SeasonalModel(period, block, mean, std, weights, residualStd);
        }
        return new SeasonalModel(period, block, mean, std, weights, residualStd, shapes.centroids(),
                shapes.distanceMean(), shapes.distanceStd());
    }

    /**
     * The period in points: the lag of the highest autocorrelation after the first lag at which it
     * turns negative, or {@value #MIN_PERIOD} when it does not turn negative within the lags looked at.
     */
    static int period(double[] v) {
        int from = Math.max(0, v.length - RECENT);
        int n = v.length - from;
        int maxLag = Math.min(MAX_PERIOD, n / 3);
        if (maxLag <= MIN_PERIOD) {
            return MIN_PERIOD;
        }
        double mean = 0;
        for (int i = from; i < v.length; i++) {
            mean += v[i];
        }
        mean /= n;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = v[from + i] - mean;
        }
        double zeroLag = 0;
        for (double a : x) {
            zeroLag += a * a;
        }
        int firstNegative = -1;
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int lag = 1; lag < maxLag; lag++) {
            double sum = 0;
            for (int i = 0; i + lag < n; i++) {
                sum += x[i] * x[i + lag];
            }
            double ac = sum / zeroLag;
            if (firstNegative < 0) {
                if (ac < 0) {
                    firstNegative = lag;
                }
            }
            if (firstNegative >= 0 && lag >= MIN_PERIOD && ac > bestValue) {
                bestValue = ac;
                best = lag;
            }
        }
        return best < 0 ? MIN_PERIOD : best;
    }

    /** The detector's block means: normalised, clipped, averaged in float and stored at fixed point. */
    private static double[] blockMeans(double[] v, double mean, double std, int block) {
        double[] out = new double[v.length / block];
        for (int b = 0; b < out.length; b++) {
            float sum = 0;
            for (int i = b * block; i < (b + 1) * block; i++) {
                sum += (float) Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, (v[i] - mean) / std));
            }
            out[b] = SeriesState.dequantize(SeriesState.quantize(sum / block));
        }
        return out;
    }

    private static double[] finite(double[] values) {
        int kept = 0;
        double[] out = new double[values.length];
        for (double v : values) {
            if (Double.isFinite(v)) {
                out[kept++] = v;
            }
        }
        return java.util.Arrays.copyOf(out, kept);
    }
}
