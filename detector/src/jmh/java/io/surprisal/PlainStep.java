package io.surprisal;

import io.surprisal.model.CellType;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;

/**
 * The recurrent step as it was before the benchmarks tuned it (commit d96e495): one
 * {@code y[i] += w[offset + i] * a} pass per weight column of the flat vector, and activations
 * that clamp x to [-5, 5] with two {@code Math.min/max}. Kept as the baseline that
 * {@link StepBench} measures beside {@link Model#step} in the same run, and as the reference the
 * tuned step must match bit for bit (checked in the benchmark's setup).
 */
final class PlainStep {
    private static final float CLAMP = 5f;
    private static final float P1 = 17325f / 135135f;
    private static final float P2 = 378f / 135135f;
    private static final float P3 = 1f / 135135f;
    private static final float Q1 = 62370f / 135135f;
    private static final float Q2 = 3150f / 135135f;
    private static final float Q3 = 28f / 135135f;

    private final Layout layout;
    private final float[] w;
    private final float[] ax;
    private final float[] ah;
    float mean;
    float logStd;

    PlainStep(Layout layout, float[] weights) {
        this.layout = layout;
        this.w = weights.clone();
        this.ax = new float[layout.gh];
        this.ah = new float[layout.gh];
    }

    void step(float[] x, float[] h, float[] c) {
        final int H = layout.hidden;
        final int F = layout.inputs;
        final int GH = layout.gh;
        final float[] ax = this.ax;
        final float[] ah = this.ah;
        System.arraycopy(w, layout.b, ax, 0, GH);
        for (int j = 0; j < F; j++) {
            axpy(w, layout.wx + j * GH, x[j], ax, GH);
        }
        if (layout.cell == CellType.GRU) {
            java.util.Arrays.fill(ah, 0, 2 * H, 0f);
            System.arraycopy(w, layout.bhn, ah, 2 * H, H);
        } else {
            java.util.Arrays.fill(ah, 0f);
        }
        for (int j = 0; j < H; j++) {
            axpy(w, layout.wh + j * GH, h[j], ah, GH);
        }
        switch (layout.cell) {
            case GRU -> {
                for (int i = 0; i < 2 * H; i++) {
                    ax[i] += ah[i];
                }
                sigmoid(ax, 0, 2 * H);
                for (int k = 0; k < H; k++) {
                    ax[2 * H + k] += ax[k] * ah[2 * H + k];
                }
                tanh(ax, 2 * H, 3 * H);
                for (int k = 0; k < H; k++) {
                    float n = ax[2 * H + k];
                    h[k] = n + ax[H + k] * (h[k] - n);
                }
            }
            case LSTM -> {
                for (int i = 0; i < GH; i++) {
                    ax[i] += ah[i];
                }
                sigmoid(ax, 0, 2 * H);
                tanh(ax, 2 * H, 3 * H);
                sigmoid(ax, 3 * H, 4 * H);
                for (int k = 0; k < H; k++) {
                    c[k] = ax[H + k] * c[k] + ax[k] * ax[2 * H + k];
                    ah[k] = c[k];
                }
                tanh(ah, 0, H);
                for (int k = 0; k < H; k++) {
                    h[k] = ax[3 * H + k] * ah[k];
                }
            }
            case ELMAN_TANH, ELMAN_RELU -> {
                for (int i = 0; i < H; i++) {
                    ax[i] += ah[i];
                }
                if (layout.cell == CellType.ELMAN_TANH) {
                    tanh(ax, 0, H);
                } else {
                    for (int i = 0; i < H; i++) {
                        ax[i] = Math.max(ax[i], 0f);
                    }
                }
                System.arraycopy(ax, 0, h, 0, H);
            }
        }
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
        mean = m;
        logStd = Math.max(Model.MIN_LOG_STD, Math.min(Model.MAX_LOG_STD, l));
    }

    private static void axpy(float[] w, int offset, float a, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += w[offset + i] * a;
        }
    }

    private static void tanh(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = Math.max(-CLAMP, Math.min(CLAMP, a[i]));
            float y = x * x;
            float t = x * (1f + y * (P1 + y * (P2 + y * P3))) / (1f + y * (Q1 + y * (Q2 + y * Q3)));
            a[i] = Math.max(-1f, Math.min(1f, t));
        }
    }

    private static void sigmoid(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = Math.max(-CLAMP, Math.min(CLAMP, 0.5f * a[i]));
            float y = x * x;
            float t = x * (1f + y * (P1 + y * (P2 + y * P3))) / (1f + y * (Q1 + y * (Q2 + y * Q3)));
            a[i] = 0.5f + 0.5f * Math.max(-1f, Math.min(1f, t));
        }
    }
}
