package io.surprisal.train;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeCodebookTest {
    private static final int LAGS = 32;

    /** Block means of a beat every 32 blocks, with noise. */
    private static double[] rhythm(int blocks, long seed) {
        Random random = new Random(seed);
        double[] means = new double[blocks];
        for (int i = 0; i < blocks; i++) {
            int phase = i % LAGS;
            means[i] = (phase == 8 ? 3 : phase == 9 ? -1 : 0) + Math.sin(2 * Math.PI * phase / LAGS) + 0.05 * random.nextGaussian();
        }
        return means;
    }

    private static double nearest(ShapeCodebook book, double[] window) {
        float[] c = book.centroids();
        double best = Double.POSITIVE_INFINITY;
        for (int o = 0; o < c.length; o += LAGS) {
            double sum = 0;
            for (int j = 0; j < LAGS; j++) {
                sum += (c[o + j] - window[j]) * (c[o + j] - window[j]);
            }
            best = Math.min(best, sum);
        }
        return Math.sqrt(best);
    }

    @Test
    void aPeriodWithoutItsBeatIsFarFromEveryShapeTheHistoryShowed() {
        ShapeCodebook book = ShapeCodebook.learn(rhythm(4000, 1), LAGS);
        double[] normal = java.util.Arrays.copyOfRange(rhythm(200, 2), 100, 100 + LAGS);
        double[] skipped = normal.clone();
        for (int j = 0; j < LAGS; j++) {
            if ((100 + j) % LAGS == 8 || (100 + j) % LAGS == 9) {
                skipped[j] = Math.sin(2 * Math.PI * ((100 + j) % LAGS) / LAGS);
            }
        }
        double normalZ = (nearest(book, normal) - book.distanceMean()) / book.distanceStd();
        double skippedZ = (nearest(book, skipped) - book.distanceMean()) / book.distanceStd();
        assertTrue(normalZ < 3, "an ordinary period is " + normalZ + " spreads out");
        assertTrue(skippedZ > 10, "a skipped beat is only " + skippedZ + " spreads out");
    }

    @Test
    void keepsAtMost256ShapesAndIsDeterministic() {
        ShapeCodebook a = ShapeCodebook.learn(rhythm(3000, 3), LAGS);
        ShapeCodebook b = ShapeCodebook.learn(rhythm(3000, 3), LAGS);
        assertEquals(ShapeCodebook.SHAPES * LAGS, a.centroids().length);
        assertArrayEquals(a.centroids(), b.centroids());
        assertEquals(a.distanceMean(), b.distanceMean());
    }

    @Test
    void aFewPeriodsMakeAFewShapesAndTooFewMakeNone() {
        assertEquals(50 * LAGS, ShapeCodebook.learn(rhythm(100 + LAGS - 1, 4), LAGS).centroids().length);
        assertNull(ShapeCodebook.learn(rhythm(LAGS + 2, 5), LAGS));
    }
}
