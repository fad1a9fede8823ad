package io.surprisal.model;

import java.util.Arrays;

/**
 * What a series does over one period, learned from its history: a linear autoregression of the
 * next block mean on the block means of the last period. The recurrent state sees a few dozen
 * points; a heartbeat, a gait cycle or a machine's duty cycle lasts hundreds. Averaged into blocks
 * of {@code block} points, one period is {@code lags} steps (about 32), so a cycle whose shape
 * changes (a skipped beat, a stride of another form, a cycle that comes late) misses its
 * prediction by much more than the one-step error of the recurrent model does, which is mostly
 * "the next point is near this one".
 *
 * <p>Beside the prediction it may carry a codebook of the shapes one period of block means usually
 * takes (k-means centroids of the history's periods, see io.surprisal.train.ShapeCodebook), with the
 * mean and spread of the history's distances to them: a period far from every shape is a form the
 * history never showed, which a one-step prediction can miss when each block still follows from
 * the one before.
 *
 * <p>Values enter in the units of the history it was fitted on ({@code (value - mean) / std}), so
 * the stored block means of a series stay meaningful whatever the recurrent model's normaliser
 * does. Immutable and shared; {@link #predict} allocates nothing.
 *
 * @param period      the period in points, as estimated from the history
 * @param block       points averaged into one step
 * @param mean        mean of the history's values (raw units)
 * @param std         standard deviation of the history's values (raw units, &gt; 0)
 * @param weights     {@code lags} coefficients, oldest block first, then the intercept
 * @param residualStd standard deviation of the one-step errors on the history (normalised units, &gt; 0)
 * @param codebook    the shapes one period of block means usually takes: {@code k × lags} values, centroid
 *                    after centroid (empty for none)
 * @param distanceMean mean distance of the history's periods to their nearest shape in the codebook
 * @param distanceStd  standard deviation of those distances (&gt; 0 with a codebook)
 */
public record SeasonalModel(int period, int block, double mean, double std, float[] weights, double residualStd,
                            float[] codebook, double distanceMean, double distanceStd) {
    /** Most blocks one period may span: the state keeps that many block means. */
    public static final int MAX_LAGS = 64;

    public SeasonalModel {
        if (period < 2 || block < 1 || weights == null || weights.length < 2 || weights.length - 1 > MAX_LAGS) {
            throw new IllegalArgumentException("seasonal model needs period >= 2, block >= 1 and 1 to " + MAX_LAGS
                    + " lags, got period=" + period + " block=" + block + " weights="
                    + (weights == null ? "none" : weights.length));
        }
        if (!Double.isFinite(mean) || !(std > 0) || Double.isInfinite(std) || !(residualStd > 0)
                || Double.isInfinite(residualStd)) {
            throw new IllegalArgumentException("seasonal model needs a finite mean and positive finite spreads, got mean="
                    + mean + " std=" + std + " residualStd=" + residualStd);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new IllegalArgumentException("seasonal weight " + i + " is " + weights[i]);
            }
        }
        weights = weights.clone();
        if (codebook == null || codebook.length % (weights.length - 1) != 0) {
            throw new IllegalArgumentException("the codebook must hold whole periods of " + (weights.length - 1)
                    + " block means, got " + (codebook == null ? "none" : codebook.length + " values"));
        }
        for (int i = 0; i < codebook.length; i++) {
            if (!Float.isFinite(codebook[i])) {
                throw new IllegalArgumentException("codebook value " + i + " is " + codebook[i]);
            }
        }
        if (codebook.length > 0 && (!Double.isFinite(distanceMean) || !(distanceStd > 0) || Double.isInfinite(distanceStd))) {
            throw new IllegalArgumentException("a codebook needs a finite distance mean and a positive finite spread, got "
                    + distanceMean + " and " + distanceStd);
        }
        codebook = codebook.clone();
    }

    /** A period model without a codebook of shapes. */
    public SeasonalModel(int period, int block, double mean, double std, float[] weights, double residualStd) {
        this(period, block, mean, std, weights, residualStd, new float[0], 0, 1);
    }

    /** Shapes in the codebook (0: none). */
    public int shapes() {
        return codebook.length / lags();
    }

    /**
     * The distance from the last period (the ring as in {@link #predict}, newest block included) to
     * the nearest shape in the codebook, in normalised units; NaN without a codebook.
     */
    public double nearestShapeDistance(short[] ring, int oldest, float scale) {
        int lags = lags();
        if (codebook.length == 0) {
            return Double.NaN;
        }
        double best = Double.POSITIVE_INFINITY;
        int wrap = lags - oldest; // ring[oldest..] is the window's first part, ring[..oldest) its second
        int c = 0;
        // Eight shapes at a time: eight sums that do not wait on one another (one shape's alone is a chain of
        // dependent additions), and each block mean divided once for eight shapes. Each sum still adds its lags in
        // order, so the distance is the same to the bit as one shape at a time.
        for (; c + 8 * lags <= codebook.length; c += 8 * lags) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            for (int k = 0, o = c; k < lags; k++, o++) {
                float v = ring[k < wrap ? oldest + k : k - wrap] / scale;
                double d0 = codebook[o] - v;
                double d1 = codebook[o + lags] - v;
                double d2 = codebook[o + 2 * lags] - v;
                double d3 = codebook[o + 3 * lags] - v;
                double d4 = codebook[o + 4 * lags] - v;
                double d5 = codebook[o + 5 * lags] - v;
                double d6 = codebook[o + 6 * lags] - v;
                double d7 = codebook[o + 7 * lags] - v;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
                s4 += d4 * d4;
                s5 += d5 * d5;
                s6 += d6 * d6;
                s7 += d7 * d7;
            }
            best = Math.min(best, Math.min(Math.min(Math.min(s0, s1), Math.min(s2, s3)),
                    Math.min(Math.min(s4, s5), Math.min(s6, s7))));
        }
        for (; c < codebook.length; c += lags) {
            double sum = 0;
            for (int k = 0; k < lags; k++) {
                double d = codebook[c + k] - ring[k < wrap ? oldest + k : k - wrap] / scale;
                sum += d * d;
            }
            best = Math.min(best, sum);
        }
        return Math.sqrt(best);
    }

    /** Block means one prediction reads: one period. */
    public int lags() {
        return weights.length - 1;
    }

    /** The value in the units the model works in. */
    public double normalize(double value) {
        return (value - mean) / std;
    }

    /**
     * The predicted next block mean from the last {@link #lags()} block means, read from the ring
     * {@code ring} whose oldest entry is at {@code oldest}, each entry {@code ring[i] / scale}.
     */
    public double predict(short[] ring, int oldest, float scale) {
        int lags = lags();
        double sum = weights[lags];
        for (int k = 0; k < lags; k++) {
            int i = oldest + k;
            sum += weights[k] * (ring[i < lags ? i : i - lags] / scale);
        }
        return sum;
    }

    public float[] weights() {
        return weights.clone();
    }

    public float[] codebook() {
        return codebook.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeasonalModel m && period == m.period && block == m.block && mean == m.mean && std == m.std
                && residualStd == m.residualStd && Arrays.equals(weights, m.weights) && Arrays.equals(codebook, m.codebook)
                && distanceMean == m.distanceMean && distanceStd == m.distanceStd;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights) * 31 + period;
    }

    @Override
    public String toString() {
        return "SeasonalModel[period=" + period + ", block=" + block + ", lags=" + lags() + ", residualStd="
                + (float) residualStd + ", shapes=" + shapes() + "]";
    }
}
