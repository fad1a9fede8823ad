package io.surprisal.train;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;

import java.util.SplittableRandom;

/** Where a training run's weights start: random ones for a new shape, or a trained model widened to more inputs. */
public final class ModelFactory {
    private ModelFactory() {
    }

    /** Random initial weights for the configured cell (uniform ±1/√H, forget-gate bias 1 for LSTM, small head). */
    public static float[] initialWeights(Layout l, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] w = new float[l.size];
        double k = 1 / Math.sqrt(l.hidden);
        for (int i = 0; i < l.b; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * k);
        }
        if (l.cell == CellType.LSTM) {
            for (int i = l.hidden; i < 2 * l.hidden; i++) {
                w[l.b + i] = 1f;
            }
        }
        for (int i = l.head; i < l.headBias; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * 0.01);
        }
        return w;
    }

    /** A fresh, untrained model of the configured shape. */
    public static Model untrained(TrainConfig c, String name) {
        Layout layout = new Layout(c.cell(), c.hidden(), c.features().count());
        return new Model(name, "untrained", layout, initialWeights(layout, c.seed()), c.features(), c.normalization(), null);
    }

    /**
     * The same function with more input features: the weights from the new inputs (to the gates
     * and to the head) start at zero, so the extended model predicts exactly what {@code m} does
     * until training teaches it to use them.
     */
    public static Model withFeatures(Model m, Features features) {
        Layout a = m.layout();
        if (features.count() < a.inputs) {
            throw new IllegalArgumentException("can only add features: " + m.features().describe() + " -> " + features.describe());
        }
        Layout b = new Layout(a.cell, a.hidden, features.count());
        float[] wa = m.weights();
        float[] wb = new float[b.size];
        System.arraycopy(wa, a.wx, wb, b.wx, a.inputs * a.gh);
        System.arraycopy(wa, a.wh, wb, b.wh, a.head - a.wh); // recurrent weights, biases (and GRU's bhn)
        for (int row = 0; row < 2; row++) {
            System.arraycopy(wa, a.head + row * a.headWidth, wb, b.head + row * b.headWidth, a.headWidth);
        }
        wb[b.headBias] = wa[a.headBias];
        wb[b.headBias + 1] = wa[a.headBias + 1];
        return new Model(m.name(), m.version() + "+" + features.describe(), b, wb, features, m.normalization(), m.training());
    }
}
