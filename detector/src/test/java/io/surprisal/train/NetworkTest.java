package io.surprisal.train;

import io.surprisal.model.CellType;
import io.surprisal.model.Layout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward pass through every cell and the head: its gradient against finite differences, and added to the one given. */
class NetworkTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void addsItsGradientToTheOneItIsGiven(CellType cell) {
        Layout layout = new Layout(cell, 4, 2);
        SplittableRandom r = new SplittableRandom(11);
        double[] w = weights(layout, r);
        float[] x = uniform(8 * 2, r);
        float[] y = uniform(8, r);
        Network net = new Network(layout);
        double[] alone = new double[layout.size];
        net.run(w, x, y, 1, 6, 1, alone, 1.0);
        double[] onTop = new double[layout.size];
        java.util.Arrays.fill(onTop, 0.25);
        net.run(w, x, y, 1, 6, 1, onTop, 1.0);
        for (int i = 0; i < w.length; i++) {
            assertEquals(0.25 + alone[i], onTop[i], 1e-12, "parameter " + i);
        }
        assertTrue(java.util.Arrays.stream(alone).anyMatch(g -> Math.abs(g) > 1e-6), "a gradient to add");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void gradientMatchesFiniteDifferences(CellType cell) {
        Layout layout = new Layout(cell, 5, 3);
        SplittableRandom r = new SplittableRandom(7);
        double[] w = weights(layout, r);
        int steps = 9;
        int warmupSteps = 2;
        float[] x = uniform((steps + 1) * 3, r);
        float[] y = uniform(steps + 1, r);
        Network net = new Network(layout);
        double[] grad = new double[layout.size];
        net.run(w, x, y, 1, steps, warmupSteps, grad, 1.0);

        double h = 1e-6;
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < w.length; i++) {
            double keep = w[i];
            w[i] = keep + h;
            double up = net.run(w, x, y, 1, steps, warmupSteps, null, 0);
            w[i] = keep - h;
            double down = net.run(w, x, y, 1, steps, warmupSteps, null, 0);
            w[i] = keep;
            double numeric = (up - down) / (2 * h);
            double err = Math.abs(numeric - grad[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(grad[i]));
            worst = Math.max(worst, err);
            checked++;
        }
        assertEquals(layout.size, checked);
        assertTrue(worst < 1e-5, cell + ": worst relative gradient error " + worst);
    }

    private static double[] weights(Layout layout, SplittableRandom r) {
        double[] w = new double[layout.size];
        for (int i = 0; i < w.length; i++) {
            w[i] = (r.nextDouble() * 2 - 1) * 0.6;
        }
        return w;
    }

    private static float[] uniform(int n, SplittableRandom r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
