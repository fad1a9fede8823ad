package io.surprisal.model;

import java.util.zip.CRC32C;

/**
 * An immutable recurrent model: one of the cells over a flat float weight vector, plus a linear
 * head that maps {@code [h ; x]} to the mean and log standard deviation of the next normalised
 * value. One instance is shared by every series and thread; per-thread buffers live in
 * {@link Scratch}, per-series state in the caller's arrays, so {@link #step} allocates nothing.
 */
public final class Model {
    public static final float MIN_LOG_STD = -6f;
    public static final float MAX_LOG_STD = 4f;

    private final String name;
    private final String version;
    private final Layout layout;
    private final float[] w;
    /** Column j of Wx (and of Wh) as its own array: see {@link #accumulate}. */
    private final float[][] wxColumns;
    private final float[][] whColumns;
    private final Features features;
    private final Normalization normalization;
    private final TrainingInfo training;
    private final SeasonalModel seasonal;
    private final int id;

    public Model(String name, String version, Layout layout, float[] weights, Features features,
                 Normalization normalization, TrainingInfo training) {
        this(name, version, layout, weights, features, normalization, training, null);
    }

    /** @param seasonal what the series does over one period, or null (a model for many series has none) */
    public Model(String name, String version, Layout layout, float[] weights, Features features,
                 Normalization normalization, TrainingInfo training, SeasonalModel seasonal) {
        if (weights.length != layout.size) {
            throw new IllegalArgumentException("weights have " + weights.length + " values, the "
                    + layout.cell.id() + " layout with hidden=" + layout.hidden + " and inputs=" + layout.inputs
                    + " needs " + layout.size);
        }
        if (features.count() != layout.inputs) {
            throw new IllegalArgumentException("feature set '" + features.describe() + "' has " + features.count()
                    + " inputs but the layout has " + layout.inputs);
        }
        this.name = name;
        this.version = version;
        this.layout = layout;
        this.w = weights.clone();
        this.wxColumns = columns(this.w, layout.wx, layout.inputs, layout.gh);
        this.whColumns = columns(this.w, layout.wh, layout.hidden, layout.gh);
        this.features = features;
        this.normalization = normalization;
        this.training = training;
        this.seasonal = seasonal;
        this.id = identity(version, this.w, seasonal);
    }

    private static float[][] columns(float[] w, int offset, int count, int length) {
        float[][] out = new float[count][];
        for (int j = 0; j < count; j++) {
            out[j] = java.util.Arrays.copyOfRange(w, offset + j * length, offset + (j + 1) * length);
        }
        return out;
    }

    /** 32-bit identity stored in each series' state so a swap is noticed without storing the version string. */
    private static int identity(String version, float[] w, SeasonalModel seasonal) {
        CRC32C crc = new CRC32C();
        crc.update(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        update(crc, w);
        if (seasonal != null) {
            // A period model added to the same weights is another model: each series must make room for it.
            update(crc, seasonal.weights());
            update(crc, seasonal.codebook());
            update(crc, new float[]{seasonal.period(), seasonal.block(), (float) seasonal.mean(), (float) seasonal.std(),
                    (float) seasonal.residualStd(), (float) seasonal.distanceMean(), (float) seasonal.distanceStd()});
        }
        int value = (int) crc.getValue();
        return value == 0 ? 1 : value; // 0 means "no model yet" in a fresh state
    }

    private static void update(CRC32C crc, float[] values) {
        for (float v : values) {
            int bits = Float.floatToIntBits(v);
            crc.update(bits);
            crc.update(bits >>> 8);
            crc.update(bits >>> 16);
            crc.update(bits >>> 24);
        }
    }

    /** Per-thread buffers for {@link #step}. */
    public static final class Scratch {
        final float[] ax;
        final float[] ah;
        /** Predicted mean of the next normalised value, written by {@link #step}. */
        public float mean;
        /** Predicted log standard deviation of the next normalised value, written by {@link #step}. */
        public float logStd;

        Scratch(Layout layout) {
            ax = new float[layout.gh];
            ah = new float[layout.gh];
        }
    }

    public Scratch newScratch() {
        return new Scratch(layout);
    }

    /**
     * One recurrent step: reads {@code x} (length = inputs) and the previous state {@code h}
     * (and {@code c} for LSTM), overwrites them with the next state, and leaves the head's
     * prediction of the next normalised value in {@code s.mean} and {@code s.logStd}.
     */
    public void step(float[] x, float[] h, float[] c, Scratch s) {
        final int H = layout.hidden;
        final int F = layout.inputs;
        final int GH = layout.gh;
        final float[] ax = s.ax;
        final float[] ah = s.ah;
        final float[] w = this.w;

        System.arraycopy(w, layout.b, ax, 0, GH);
        accumulate(wxColumns, x, F, ax, GH);
        if (layout.cell == CellType.GRU) {
            java.util.Arrays.fill(ah, 0, 2 * H, 0f);
            System.arraycopy(w, layout.bhn, ah, 2 * H, H);
        } else {
            java.util.Arrays.fill(ah, 0f);
        }
        accumulate(whColumns, h, H, ah, GH);

        switch (layout.cell) {
            case GRU -> {
                for (int i = 0; i < 2 * H; i++) {
                    ax[i] += ah[i];
                }
                Activations.sigmoid(ax, 0, 2 * H);                 // r, z
                for (int k = 0; k < H; k++) {
                    ax[2 * H + k] += ax[k] * ah[2 * H + k];          // a_n = Wx_n x + b_n + r * (Wh_n h + b_hn)
                }
                Activations.tanh(ax, 2 * H, 3 * H);                 // n
                for (int k = 0; k < H; k++) {
                    float n = ax[2 * H + k];
                    h[k] = n + ax[H + k] * (h[k] - n);              // (1 - z) n + z h
                }
            }
            case LSTM -> {
                for (int i = 0; i < GH; i++) {
                    ax[i] += ah[i];
                }
                Activations.sigmoid(ax, 0, 2 * H);                 // i, f
                Activations.tanh(ax, 2 * H, 3 * H);                 // g
                Activations.sigmoid(ax, 3 * H, 4 * H);             // o
                for (int k = 0; k < H; k++) {
                    c[k] = ax[H + k] * c[k] + ax[k] * ax[2 * H + k];
                    ah[k] = c[k];
                }
                Activations.tanh(ah, 0, H);
                for (int k = 0; k < H; k++) {
                    h[k] = ax[3 * H + k] * ah[k];
                }
            }
            case ELMAN_TANH, ELMAN_RELU -> {
                for (int i = 0; i < H; i++) {
                    ax[i] += ah[i];
                }
                if (layout.cell == CellType.ELMAN_TANH) {
                    Activations.tanh(ax, 0, H);
                } else {
                    Activations.relu(ax, 0, H);
                }
                System.arraycopy(ax, 0, h, 0, H);
            }
        }
        head(x, h, s);
    }

    private void head(float[] x, float[] h, Scratch s) {
        final int H = layout.hidden;
        final int F = layout.inputs;
        final int row0 = layout.head;
        final int row1 = layout.head + layout.headWidth;
        float m = w[layout.headBias];
        float l = w[layout.headBias + 1];
        for (int k = 0; k < H; k++) {
            m += w[row0 + k] * h[k];
            l += w[row1 + k] * h[k];
        }
        for (int j = 0; j < F; j++) {
            m += w[row0 + H + j] * x[j];
            l += w[row1 + H + j] * x[j];
        }
        s.mean = m;
        s.logStd = Math.max(MIN_LOG_STD, Math.min(MAX_LOG_STD, l));
    }

    /**
     * y[0, n) += sum over j of columns[j] * v[j], added one column after another so every element
     * sees exactly the sums, in the same order, of one axpy per column. Two details make the JIT
     * (C2, JDK 17) turn this into SIMD code, about six times faster than the plain loop:
     * each column is its own array read from index 0 (C2 does not vectorise {@code y[i] += w[off + i] * a}
     * with a loop-invariant offset into another array), and four columns share one pass, so y is
     * loaded and stored a quarter as often.
     */
    private static void accumulate(float[][] columns, float[] v, int count, float[] y, int n) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            final float[] c0 = columns[j];
            final float[] c1 = columns[j + 1];
            final float[] c2 = columns[j + 2];
            final float[] c3 = columns[j + 3];
            final float a0 = v[j];
            final float a1 = v[j + 1];
            final float a2 = v[j + 2];
            final float a3 = v[j + 3];
            for (int i = 0; i < n; i++) {
                y[i] = y[i] + c0[i] * a0 + c1[i] * a1 + c2[i] * a2 + c3[i] * a3;
            }
        }
        for (; j < count; j++) {
            final float[] c0 = columns[j];
            final float a0 = v[j];
            for (int i = 0; i < n; i++) {
                y[i] += c0[i] * a0;
            }
        }
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public Layout layout() {
        return layout;
    }

    public CellType cell() {
        return layout.cell;
    }

    public int hidden() {
        return layout.hidden;
    }

    public Features features() {
        return features;
    }

    public Normalization normalization() {
        return normalization;
    }

    public TrainingInfo training() {
        return training;
    }

    /** The period model learned from one series' history, or null when the model has none. */
    public SeasonalModel seasonal() {
        return seasonal;
    }

    /** This model with the period model {@code next} (null for none), as version {@code newVersion}. */
    public Model withSeasonal(SeasonalModel next, String newVersion) {
        return new Model(name, newVersion, layout, w, features, normalization, training, next);
    }

    /** A copy of the weights (the model itself never changes). */
    public float[] weights() {
        return w.clone();
    }

    public int id() {
        return id;
    }
}
