package io.surprisal.train;

import java.util.SplittableRandom;

/**
 * The shapes one period of a series usually takes, learned from its history by k-means: every
 * window of {@code lags} consecutive block means is a point, and {@value #SHAPES} centroids
 * summarise them. A period far from every centroid is a shape the history never showed: a
 * skipped beat, a stride of another form, a cycle cut short. Unlike the period model's one-step
 * prediction, which asks whether the next block follows from the last period, this asks whether
 * the whole last period looks like any period seen before, the question a discord search asks of
 * the full history, answered from a few hundred shapes instead of every window (in a prototype on
 * UCR, 256 centroids found as many anomalies alone as a nearest neighbour among all windows: 64 and
 * 59 series).
 *
 * <p>Deterministic: centroids start at windows chosen by a fixed seed, then {@value #ITERATIONS}
 * Lloyd iterations; at most {@value #MAX_WINDOWS} windows, evenly spaced, take part, which bounds
 * the cost at about a second per series.
 *
 * @param centroids    {@code k × lags} values, centroid after centroid
 * @param distanceMean mean distance of the history's windows to their nearest centroid
 * @param distanceStd  standard deviation of those distances
 */
record ShapeCodebook(float[] centroids, double distanceMean, double distanceStd) {
    static final int SHAPES = 256;
    static final int ITERATIONS = 8;
    static final int MAX_WINDOWS = 8000;
    private static final long SEED = 42;
    private static final double MIN_SPREAD = 1e-6;

    /** The codebook of the windows of {@code means}, or null when there are too few windows for one. */
    static ShapeCodebook learn(double[] means, int lags) {
        int all = means.length - lags + 1;
        int stride = Math.max(1, (all + MAX_WINDOWS - 1) / MAX_WINDOWS);
        int n = all <= 0 ? 0 : (all + stride - 1) / stride;
        int k = Math.min(SHAPES, n / 2);
        if (k < 2) {
            return null;
        }
        float[] windows = new float[n * lags];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < lags; j++) {
                windows[i * lags + j] = (float) means[i * stride + j];
            }
        }
        float[] centroids = initial(windows, n, lags, k);
        int[] nearest = new int[n];
        double[] distance = new double[n];
        double[] sums = new double[k * lags];
        int[] counts = new int[k];
        for (int iteration = 0; iteration <= ITERATIONS; iteration++) {
            assign(windows, n, centroids, k, lags, nearest, distance);
            if (iteration == ITERATIONS) {
                break;
            }
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int c = nearest[i];
                counts[c]++;
                for (int j = 0; j < lags; j++) {
                    sums[c * lags + j] += windows[i * lags + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    continue; // an empty cluster keeps its centroid
                }
                for (int j = 0; j < lags; j++) {
                    centroids[c * lags + j] = (float) (sums[c * lags + j] / counts[c]);
                }
            }
        }
        double mean = 0;
        for (double d : distance) {
            mean += d;
        }
        mean /= n;
        double square = 0;
        for (double d : distance) {
            square += (d - mean) * (d - mean);
        }
        return new ShapeCodebook(centroids, mean, Math.max(Math.sqrt(square / n), MIN_SPREAD));
    }

    /** k distinct windows chosen by the fixed seed (a partial Fisher–Yates shuffle of the indices). */
    private static float[] initial(float[] windows, int n, int lags, int k) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(SEED);
        float[] centroids = new float[k * lags];
        for (int c = 0; c < k; c++) {
            int pick = c + random.nextInt(n - c);
            int chosen = order[pick];
            order[pick] = order[c];
            order[c] = chosen;
            System.arraycopy(windows, chosen * lags, centroids, c * lags, lags);
        }
        return centroids;
    }

    /**
     * Each window's nearest centroid. The centroids are read transposed (one array per lag, one lane per centroid), so
     * that the distances to all of them grow together in a loop C2 turns into SIMD instructions; each distance still
     * adds its lags in order, and the nearest is the first smallest, as a loop over the centroids one at a time finds.
     */
    private static void assign(float[] windows, int n, float[] centroids, int k, int lags, int[] nearest, double[] distance) {
        float[][] byLag = new float[lags][k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < lags; j++) {
                byLag[j][c] = centroids[c * lags + j];
            }
        }
        float[] sums = new float[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sums, 0);
            int w = i * lags;
            for (int j = 0; j < lags; j++) {
                float x = windows[w + j];
                float[] lag = byLag[j];
                for (int c = 0; c < k; c++) {
                    float d = lag[c] - x;
                    sums[c] += d * d;
                }
            }
            double best = Double.POSITIVE_INFINITY;
            int bestC = 0;
            for (int c = 0; c < k; c++) {
                if (sums[c] < best) {
                    best = sums[c];
                    bestC = c;
                }
            }
            nearest[i] = bestC;
            distance[i] = Math.sqrt(best);
        }
    }
}
