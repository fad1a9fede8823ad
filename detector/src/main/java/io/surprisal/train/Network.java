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
 *
 * <p>The weight matrices and their gradients are worked on as one array a column ({@link #unpack}, and the
 * gradient's columns copied in and out around the backward pass): C2 turns {@code y[i] += c[i] * s} into SIMD
 * instructions only when both arrays are indexed by the same {@code i}; at an offset into the flat vector it
 * must assume the column may overlap {@code y} and stays scalar, at about twice the time. Every sum still adds
 * its terms in the same order, so the weights a run learns are the same to the last bit.
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
    private final double[] dhRec;
    private final double[][] wxCols;          // F x GH: column j of Wx
    private final double[][] whCols;          // H x GH: column j of Wh
    private final double[][] whRows;          // GH x H: row i of Wh, for the gradient flowing back to h
    private final double[][] gxCols;          // the gradient's columns of Wx, Wh and its bias during backward
    private final double[][] ghCols;
    private final double[] gb;

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
        dhRec = new double[hdn];
        wxCols = new double[in][gh];
        whCols = new double[hdn][gh];
        whRows = new double[gh][hdn];
        gxCols = new double[in][gh];
        ghCols = new double[hdn][gh];
        gb = new double[gh];
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
        unpack(w, grad != null);
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

    /** The window's weights as columns of Wx and Wh, and (for a backward pass) as rows of Wh. */
    private void unpack(double[] w, boolean transposed) {
        for (int j = 0; j < in; j++) {
            System.arraycopy(w, l.wx + j * gh, wxCols[j], 0, gh);
        }
        for (int j = 0; j < hdn; j++) {
            System.arraycopy(w, l.wh + j * gh, whCols[j], 0, gh);
        }
        if (transposed) {
            for (int i = 0; i < gh; i++) {
                double[] row = whRows[i];
                for (int j = 0; j < hdn; j++) {
                    row[j] = w[l.wh + j * gh + i];
                }
            }
        }
    }

    private void forwardStep(double[] w, float[] x, int xo, int t) {
        final int H = hdn;
        final int hp = t * H;
        final int hn = (t + 1) * H;
        System.arraycopy(w, l.b, ax, 0, gh);
        for (int j = 0; j < in; j++) {
            double xj = x[xo + j];
            double[] col = wxCols[j];
            for (int i = 0; i < gh; i++) {
                ax[i] += col[i] * xj;
            }
        }
        java.util.Arrays.fill(ah, 0);
        if (l.cell == CellType.GRU) {
            System.arraycopy(w, l.bhn, ah, 2 * H, H);
        }
        accumulate(whCols, hs, hp, H, ah, gh);
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
        loadGradientColumns(g);
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
                gb[i] += dax[i];
            }
            for (int j = 0; j < in; j++) {
                double xj = x[xo + j];
                double[] col = gxCols[j];
                for (int i = 0; i < gh; i++) {
                    col[i] += dax[i] * xj;
                }
            }
            for (int j = 0; j < H; j++) {
                double hj = hs[hp + j];
                double[] col = ghCols[j];
                for (int i = 0; i < gh; i++) {
                    col[i] += dah[i] * hj;
                }
            }
            // dhPrev[j] += Σ_i Wh[j][i] dah[i]: the H dot products advanced together, row by row of Wh, each
            // still summed in the order of i.
            java.util.Arrays.fill(dhRec, 0);
            accumulate(whRows, dah, 0, gh, dhRec, H);
            for (int j = 0; j < H; j++) {
                dhPrev[j] += dhRec[j];
            }
            System.arraycopy(dhPrev, 0, dh, 0, H);
        }
        storeGradientColumns(g);
    }

    /** The gradient of Wx, Wh and the bias so far, from the flat vector into their columns. */
    private void loadGradientColumns(double[] g) {
        for (int j = 0; j < in; j++) {
            System.arraycopy(g, l.wx + j * gh, gxCols[j], 0, gh);
        }
        for (int j = 0; j < hdn; j++) {
            System.arraycopy(g, l.wh + j * gh, ghCols[j], 0, gh);
        }
        System.arraycopy(g, l.b, gb, 0, gh);
    }

    /** The columns back into the flat vector, once the window's gradient is added to them. */
    private void storeGradientColumns(double[] g) {
        for (int j = 0; j < in; j++) {
            System.arraycopy(gxCols[j], 0, g, l.wx + j * gh, gh);
        }
        for (int j = 0; j < hdn; j++) {
            System.arraycopy(ghCols[j], 0, g, l.wh + j * gh, gh);
        }
        System.arraycopy(gb, 0, g, l.b, gh);
    }

    /**
     * y[0, n) += Σ_j columns[j] · v[from + j], column after column, so that every element adds its terms in the
     * order one axpy a column would; four columns share a pass over y (as in the detector's {@code Model}), which
     * loads and stores y a quarter as often and changes no sum.
     */
    private static void accumulate(double[][] columns, double[] v, int from, int count, double[] y, int n) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            final double[] c0 = columns[j];
            final double[] c1 = columns[j + 1];
            final double[] c2 = columns[j + 2];
            final double[] c3 = columns[j + 3];
            final double a0 = v[from + j];
            final double a1 = v[from + j + 1];
            final double a2 = v[from + j + 2];
            final double a3 = v[from + j + 3];
            for (int i = 0; i < n; i++) {
                y[i] = y[i] + c0[i] * a0 + c1[i] * a1 + c2[i] * a2 + c3[i] * a3;
            }
        }
        for (; j < count; j++) {
            final double[] c0 = columns[j];
            final double a0 = v[from + j];
            for (int i = 0; i < n; i++) {
                y[i] += c0[i] * a0;
            }
        }
    }

    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
