package io.surprisal.train;

import io.surprisal.model.CellType;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;

/**
 * Double-precision forward and backward pass of the model over one window, for training. Same
 * parameter {@link Layout} as the float {@link Model}, exact activations, Gaussian negative
 * log-likelihood of the next normalised value at every step after the first {@code warmupSteps}.
 *
 * <p>Truncated back-propagation through time: each window starts from a zero state (as a new
 * series does in the detector) and gradients flow back through all of its steps. One instance per
 * worker thread; buffers grow to the longest window seen and are reused.
 */
final class Network {
    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Layout l;
    private final int hdn;
    private final int in;
    private final int gh;
    private double[] hs = new double[0];      // (T+1) x H: h_0 = 0, h_t after step t
    private double[] cs = new double[0];      // (T+1) x H, LSTM
    private double[] gates = new double[0];   // T x GH, post-activation
    private double[] ahn = new double[0];     // T x H, GRU: Wh_n h + b_hn
    private double[] tcs = new double[0];     // T x H, LSTM: tanh(c_t)
    private double[] mus = new double[0];
    private double[] lss = new double[0];
    private boolean[] clamped = new boolean[0];
    private final double[] ax;
    private final double[] ah;
    private final double[] dax;
    private final double[] dah;
    private final double[] dh;
    private final double[] dc;
    private final double[] dhPrev;

    Network(Layout layout) {
        this.l = layout;
        this.hdn = layout.hidden;
        this.in = layout.inputs;
        this.gh = layout.gh;
        ax = new double[gh];
        ah = new double[gh];
        dax = new double[gh];
        dah = new double[gh];
        dh = new double[hdn];
        dc = new double[hdn];
        dhPrev = new double[hdn];
    }

    private void ensure(int steps) {
        if (mus.length >= steps) {
            return;
        }
        hs = new double[(steps + 1) * hdn];
        cs = new double[(steps + 1) * hdn];
        gates = new double[steps * gh];
        ahn = new double[steps * hdn];
        tcs = new double[steps * hdn];
        mus = new double[steps];
        lss = new double[steps];
        clamped = new boolean[steps];
    }

    /**
     * Runs steps {@code 0..steps-1} of the window: inputs {@code x[(from + t) * F ...]}, target
     * {@code y[from + t]}. Returns the summed loss over steps {@code t >= warmupSteps}; when {@code grad}
     * is not null, adds the gradient of (summed loss × {@code scale}) to it.
     */
    double run(double[] w, float[] x, float[] y, int from, int steps, int warmupSteps, double[] grad, double scale) {
        ensure(steps);
        java.util.Arrays.fill(hs, 0, hdn, 0);
        java.util.Arrays.fill(cs, 0, hdn, 0);
        double loss = 0;
        for (int t = 0; t < steps; t++) {
            forwardStep(w, x, (from + t) * in, t);
            if (t >= warmupSteps) {
                double sigma = Math.exp(lss[t]);
                double e = (y[from + t] - mus[t]) / sigma;
                loss += HALF_LOG_2PI + lss[t] + 0.5 * e * e;
            }
        }
        if (grad != null) {
            backward(w, x, y, from, steps, warmupSteps, grad, scale);
        }
        return loss;
    }

    private void forwardStep(double[] w, float[] x, int xo, int t) {
        final int H = hdn;
        final int hp = t * H;
        final int hn = (t + 1) * H;
        System.arraycopy(w, l.b, ax, 0, gh);
        for (int j = 0; j < in; j++) {
            double xj = x[xo + j];
            int col = l.wx + j * gh;
            for (int i = 0; i < gh; i++) {
                ax[i] += w[col + i] * xj;
            }
        }
        java.util.Arrays.fill(ah, 0);
        if (l.cell == CellType.GRU) {
            System.arraycopy(w, l.bhn, ah, 2 * H, H);
        }
        for (int j = 0; j < H; j++) {
            double hj = hs[hp + j];
            int col = l.wh + j * gh;
            for (int i = 0; i < gh; i++) {
                ah[i] += w[col + i] * hj;
            }
        }
        final int go = t * gh;
        switch (l.cell) {
            case GRU -> {
                for (int k = 0; k < H; k++) {
                    double r = sigmoid(ax[k] + ah[k]);
                    double z = sigmoid(ax[H + k] + ah[H + k]);
                    double n = Math.tanh(ax[2 * H + k] + r * ah[2 * H + k]);
                    gates[go + k] = r;
                    gates[go + H + k] = z;
                    gates[go + 2 * H + k] = n;
                    ahn[t * H + k] = ah[2 * H + k];
                    hs[hn + k] = (1 - z) * n + z * hs[hp + k];
                }
            }
            case LSTM -> {
                for (int k = 0; k < H; k++) {
                    double i = sigmoid(ax[k] + ah[k]);
                    double f = sigmoid(ax[H + k] + ah[H + k]);
                    double g = Math.tanh(ax[2 * H + k] + ah[2 * H + k]);
                    double o = sigmoid(ax[3 * H + k] + ah[3 * H + k]);
                    gates[go + k] = i;
                    gates[go + H + k] = f;
                    gates[go + 2 * H + k] = g;
                    gates[go + 3 * H + k] = o;
                    double c = f * cs[hp + k] + i * g;
                    cs[hn + k] = c;
                    double tc = Math.tanh(c);
                    tcs[t * H + k] = tc;
                    hs[hn + k] = o * tc;
                }
            }
            case ELMAN_TANH, ELMAN_RELU -> {
                boolean relu = l.cell == CellType.ELMAN_RELU;
                for (int k = 0; k < H; k++) {
                    double a = ax[k] + ah[k];
                    double v = relu ? Math.max(a, 0) : Math.tanh(a);
                    gates[go + k] = v;
                    hs[hn + k] = v;
                }
            }
        }
        int r0 = l.head;
        int r1 = l.head + l.headWidth;
        double m = w[l.headBias];
        double s = w[l.headBias + 1];
        for (int k = 0; k < H; k++) {
            m += w[r0 + k] * hs[hn + k];
            s += w[r1 + k] * hs[hn + k];
        }
        for (int j = 0; j < in; j++) {
            m += w[r0 + H + j] * x[xo + j];
            s += w[r1 + H + j] * x[xo + j];
        }
        mus[t] = m;
        clamped[t] = s < Model.MIN_LOG_STD || s > Model.MAX_LOG_STD;
        lss[t] = Math.max(Model.MIN_LOG_STD, Math.min(Model.MAX_LOG_STD, s));
    }

    private void backward(double[] w, float[] x, float[] y, int from, int steps, int warmupSteps, double[] g, double scale) {
        final int H = hdn;
        java.util.Arrays.fill(dh, 0);
        java.util.Arrays.fill(dc, 0);
        final int r0 = l.head;
        final int r1 = l.head + l.headWidth;
        for (int t = steps - 1; t >= 0; t--) {
            final int xo = (from + t) * in;
            final int hp = t * H;
            final int hn = (t + 1) * H;
            final int go = t * gh;
            if (t >= warmupSteps) {
                double sigma = Math.exp(lss[t]);
                double e = (y[from + t] - mus[t]) / sigma;
                double dmu = -e / sigma * scale;
                double dls = clamped[t] ? 0 : (1 - e * e) * scale;
                g[l.headBias] += dmu;
                g[l.headBias + 1] += dls;
                for (int k = 0; k < H; k++) {
                    g[r0 + k] += dmu * hs[hn + k];
                    g[r1 + k] += dls * hs[hn + k];
                    dh[k] += dmu * w[r0 + k] + dls * w[r1 + k];
                }
                for (int j = 0; j < in; j++) {
                    g[r0 + H + j] += dmu * x[xo + j];
                    g[r1 + H + j] += dls * x[xo + j];
                }
            }
            switch (l.cell) {
                case GRU -> {
                    for (int k = 0; k < H; k++) {
                        double r = gates[go + k];
                        double z = gates[go + H + k];
                        double n = gates[go + 2 * H + k];
                        double dn = dh[k] * (1 - z);
                        double dz = dh[k] * (hs[hp + k] - n);
                        dhPrev[k] = dh[k] * z;
                        double dan = dn * (1 - n * n);
                        double dr = dan * ahn[t * H + k];
                        double dar = dr * r * (1 - r);
                        double daz = dz * z * (1 - z);
                        dax[k] = dar;
                        dax[H + k] = daz;
                        dax[2 * H + k] = dan;
                        dah[k] = dar;
                        dah[H + k] = daz;
                        dah[2 * H + k] = dan * r;
                        g[l.bhn + k] += dan * r;
                    }
                }
                case LSTM -> {
                    for (int k = 0; k < H; k++) {
                        double i = gates[go + k];
                        double f = gates[go + H + k];
                        double gg = gates[go + 2 * H + k];
                        double o = gates[go + 3 * H + k];
                        double tc = tcs[t * H + k];
                        double dO = dh[k] * tc;
                        double dcT = dc[k] + dh[k] * o * (1 - tc * tc);
                        dax[k] = dcT * gg * i * (1 - i);
                        dax[H + k] = dcT * cs[hp + k] * f * (1 - f);
                        dax[2 * H + k] = dcT * i * (1 - gg * gg);
                        dax[3 * H + k] = dO * o * (1 - o);
                        dc[k] = dcT * f;
                        dhPrev[k] = 0;
                    }
                    System.arraycopy(dax, 0, dah, 0, gh);
                }
                case ELMAN_TANH, ELMAN_RELU -> {
                    boolean relu = l.cell == CellType.ELMAN_RELU;
                    for (int k = 0; k < H; k++) {
                        double v = gates[go + k];
                        double d = relu ? (v > 0 ? dh[k] : 0) : dh[k] * (1 - v * v);
                        dax[k] = d;
                        dah[k] = d;
                        dhPrev[k] = 0;
                    }
                }
            }
            for (int i = 0; i < gh; i++) {
                g[l.b + i] += dax[i];
            }
            for (int j = 0; j < in; j++) {
                double xj = x[xo + j];
                int col = l.wx + j * gh;
                for (int i = 0; i < gh; i++) {
                    g[col + i] += dax[i] * xj;
                }
            }
            for (int j = 0; j < H; j++) {
                double hj = hs[hp + j];
                int col = l.wh + j * gh;
                double acc = 0;
                for (int i = 0; i < gh; i++) {
                    g[col + i] += dah[i] * hj;
                    acc += w[col + i] * dah[i];
                }
                dhPrev[j] += acc;
            }
            System.arraycopy(dhPrev, 0, dh, 0, H);
        }
    }

    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
