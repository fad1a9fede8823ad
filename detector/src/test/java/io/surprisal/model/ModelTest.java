package io.surprisal.model;

import io.surprisal.train.ModelFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The float inference step agrees with the double training pass it was trained by. */
class ModelTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void floatStepMatchesDoubleReference(CellType cell) {
        Features features = new Features(true);
        Layout layout = new Layout(cell, 8, features.count());
        float[] w = ModelFactory.initialWeights(layout, 3);
        for (int i = layout.head; i < layout.size; i++) {
            w[i] = (float) Math.sin(i); // a head that actually reads the state
        }
        Model model = new Model("t", "1", layout, w, features, Normalization.DEFAULT, null);
        Model.Scratch s = model.newScratch();
        float[] h = new float[8];
        float[] c = new float[cell.hasCellState() ? 8 : 0];
        double[][] xs = new double[20][features.count()];
        float[] x = new float[features.count()];
        ReferenceCell ref = new ReferenceCell(layout, w);
        for (int t = 0; t < xs.length; t++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) Math.cos(t * 0.7 + j);
            }
            model.step(x, h, c, s);
            ref.step(x);
            for (int k = 0; k < 8; k++) {
                assertEquals(ref.h[k], h[k], 2e-3, cell + " h[" + k + "] at step " + t);
            }
            assertEquals(ref.mean, s.mean, 5e-3, cell + " mean at step " + t);
            assertEquals(ref.logStd, s.logStd, 5e-3, cell + " logStd at step " + t);
        }
    }

    /** A deliberately plain, row-by-row implementation of the cells in double precision. */
    static final class ReferenceCell {
        final Layout l;
        final float[] w;
        final double[] h;
        final double[] c;
        double mean;
        double logStd;

        ReferenceCell(Layout l, float[] w) {
            this.l = l;
            this.w = w;
            this.h = new double[l.hidden];
            this.c = new double[l.hidden];
        }

        double wx(int unit, int input) {
            return w[l.wx + input * l.gh + unit];
        }

        double wh(int unit, int from) {
            return w[l.wh + from * l.gh + unit];
        }

        double pre(int unit, float[] x, boolean withHidden) {
            double a = w[l.b + unit];
            for (int j = 0; j < l.inputs; j++) {
                a += wx(unit, j) * x[j];
            }
            if (withHidden) {
                for (int j = 0; j < l.hidden; j++) {
                    a += wh(unit, j) * h[j];
                }
            }
            return a;
        }

        static double sig(double a) {
            return 1 / (1 + Math.exp(-a));
        }

        void step(float[] x) {
            int H = l.hidden;
            double[] next = new double[H];
            for (int k = 0; k < H; k++) {
                switch (l.cell) {
                    case ELMAN_TANH -> next[k] = Math.tanh(pre(k, x, true));
                    case ELMAN_RELU -> next[k] = Math.max(0, pre(k, x, true));
                    case GRU -> {
                        double r = sig(pre(k, x, true));
                        double z = sig(pre(H + k, x, true));
                        double hn = w[l.bhn + k];
                        for (int j = 0; j < H; j++) {
                            hn += wh(2 * H + k, j) * h[j];
                        }
                        double n = Math.tanh(pre(2 * H + k, x, false) + r * hn);
                        next[k] = (1 - z) * n + z * h[k];
                    }
                    case LSTM -> {
                        double i = sig(pre(k, x, true));
                        double f = sig(pre(H + k, x, true));
                        double g = Math.tanh(pre(2 * H + k, x, true));
                        double o = sig(pre(3 * H + k, x, true));
                        c[k] = f * c[k] + i * g;
                        next[k] = o * Math.tanh(c[k]);
                    }
                }
            }
            System.arraycopy(next, 0, h, 0, H);
            double m = w[l.headBias];
            double s = w[l.headBias + 1];
            for (int k = 0; k < H; k++) {
                m += w[l.head + k] * h[k];
                s += w[l.head + l.headWidth + k] * h[k];
            }
            for (int j = 0; j < l.inputs; j++) {
                m += w[l.head + H + j] * x[j];
                s += w[l.head + l.headWidth + H + j] * x[j];
            }
            mean = m;
            logStd = Math.max(Model.MIN_LOG_STD, Math.min(Model.MAX_LOG_STD, s));
        }
    }
}
