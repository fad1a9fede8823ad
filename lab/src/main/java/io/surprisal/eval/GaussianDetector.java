package io.surprisal.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.special.Erf;

/**
 * NAB's windowed Gaussian peer: each point is scored against the mean and (population) standard
 * deviation of a window of earlier points, then joins the window.
 *
 * <p>The window grows point by point up to {@code windowSize}; after that new points wait in a
 * buffer and the window slides by {@code stepSize} points at a time. The score is the Gaussian CDF
 * of the point's z-score, Φ(z) = 1 − Q(z): one-sided, so values far above the mean score near 1 and
 * values far below it near 0.
 *
 * <p>The defaults (6400, 100, one-sided) are the ones behind NAB's published windowedGaussian
 * results: with them this class reproduces the published nyc_taxi scores to all 12 printed digits,
 * before and after the window first slides. (NAB's current source says 1000 and 1, but its published
 * results, and the 28.2 measured from them on this corpus, were not made with those.)
 */
public final class GaussianDetector implements DetectorFactory {

    public static final int DEFAULT_WINDOW_SIZE = 6400;
    public static final int DEFAULT_STEP_SIZE = 100;

    /** NAB replaces a zero deviation by this, so that a constant window still yields a z-score. */
    private static final double MIN_STD = 1e-6;

    private final int windowSize;
    private final int stepSize;

    public GaussianDetector() {
        this(DEFAULT_WINDOW_SIZE, DEFAULT_STEP_SIZE);
    }

    public GaussianDetector(int windowSize, int stepSize) {
        if (windowSize < 1 || stepSize < 1 || stepSize > windowSize) {
            throw new IllegalArgumentException("need 1 <= stepSize <= windowSize, got " + stepSize + ", " + windowSize);
        }
        this.windowSize = windowSize;
        this.stepSize = stepSize;
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public SeriesScorer create(String seriesName) {
        return new WindowedGaussian(windowSize, stepSize);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("windowSize", windowSize);
        settings.put("stepSize", stepSize);
        settings.put("score", "Phi((x - mean) / std) against the window before the point; 0 for the first point");
        settings.put("minStd", MIN_STD);
        return settings;
    }

    private static final class WindowedGaussian implements SeriesScorer {

        private final double[] window;
        private final double[] pending;
        private int count;
        private int oldest;
        private int pendingCount;
        private double mean;
        private double squares;
        private double std = 1.0;

        WindowedGaussian(int windowSize, int stepSize) {
            this.window = new double[windowSize];
            this.pending = new double[stepSize];
        }

        @Override
        public double score(long timestampMillis, double value) {
            double score = count == 0 ? 0.0 : cumulativeProbability((value - mean) / std);
            if (count < window.length) {
                grow(value);
            } else {
                pending[pendingCount++] = value;
                if (pendingCount == pending.length) {
                    slide();
                }
            }
            return score;
        }

        private static double cumulativeProbability(double z) {
            return 1.0 - 0.5 * Erf.erfc(z / Math.sqrt(2.0));
        }

        /** Welford's update: exact enough, and O(1) while the window fills. */
        private void grow(double value) {
            window[count++] = value;
            double delta = value - mean;
            mean += delta / count;
            squares += delta * (value - mean);
            setStd(Math.sqrt(Math.max(0.0, squares) / count));
        }

        /** Replaces the oldest points by the pending ones and refits exactly, as NAB does per step. */
        private void slide() {
            for (int i = 0; i < pendingCount; i++) {
                window[oldest] = pending[i];
                oldest = (oldest + 1) % window.length;
            }
            pendingCount = 0;
            double sum = 0;
            for (double x : window) {
                sum += x;
            }
            mean = sum / count;
            squares = 0;
            for (double x : window) {
                squares += (x - mean) * (x - mean);
            }
            setStd(Math.sqrt(squares / count));
        }

        private void setStd(double value) {
            std = value == 0.0 ? MIN_STD : value;
        }
    }
}
