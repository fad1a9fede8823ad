package io.surprisal.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsTest {

    @Test
    void tanhIsWithinOneTenThousandthEverywhere() {
        double worst = 0;
        for (int i = -200_000; i <= 200_000; i++) {
            float x = i / 10_000f;
            worst = Math.max(worst, Math.abs(Activations.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worst < 1.1e-4, "worst tanh error " + worst);
    }

    @Test
    void sigmoidIsWithinOneTenThousandthAndBounded() {
        double worst = 0;
        for (int i = -300_000; i <= 300_000; i++) {
            float x = i / 10_000f;
            float s = Activations.sigmoid(x);
            assertTrue(s >= 0 && s <= 1, "sigmoid(" + x + ") = " + s);
            worst = Math.max(worst, Math.abs(s - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(worst < 1e-4, "worst sigmoid error " + worst);
    }

    @Test
    void arrayFormsMatchScalarForms() {
        float[] a = new float[101];
        float[] b = new float[101];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i - 50) / 5f;
            b[i] = a[i];
        }
        Activations.tanh(a, 0, 50);
        Activations.sigmoid(a, 50, 101);
        for (int i = 0; i < a.length; i++) {
            float expected = i < 50 ? Activations.tanh(b[i]) : Activations.sigmoid(b[i]);
            assertTrue(a[i] == expected, "index " + i);
        }
    }
}
