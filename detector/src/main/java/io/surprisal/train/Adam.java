package io.surprisal.train;

/**
 * The optimiser: Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) on a gradient first clipped to a global norm, so one
 * window whose gradient explodes through a long recurrence cannot throw the weights far.
 */
final class Adam {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;

    private final double learningRate;
    private final double clipNorm;
    private final double[] m;
    private final double[] v;
    private long t;

    Adam(int size, double learningRate, double clipNorm) {
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.m = new double[size];
        this.v = new double[size];
    }

    /** Clips {@code grad} in place, then moves {@code w} one step against it. */
    void step(double[] w, double[] grad) {
        clip(grad, clipNorm);
        t++;
        double c1 = 1 - Math.pow(B1, t);
        double c2 = 1 - Math.pow(B2, t);
        for (int i = 0; i < w.length; i++) {
            m[i] = B1 * m[i] + (1 - B1) * grad[i];
            v[i] = B2 * v[i] + (1 - B2) * grad[i] * grad[i];
            w[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
    }

    /** Scales {@code g} down to norm {@code maxNorm} when it is longer. */
    static void clip(double[] g, double maxNorm) {
        double sq = 0;
        for (double x : g) {
            sq += x * x;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double s = maxNorm / norm;
            for (int i = 0; i < g.length; i++) {
                g[i] *= s;
            }
        }
    }
}
