package io.surprisal.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The codebook's nearest shape, found eight shapes at a time: every lane and the shapes left over. */
class SeasonalModelTest {
    private static final int LAGS = 5;
    private static final int SHAPES = 19; // two groups of eight and three left over
    private static final float SCALE = 3000f;

    @Test
    void nearestShapeDistanceIsTheOneShapeAtATimeDistanceInEveryLane() {
        SplittableRandom random = new SplittableRandom(3);
        for (int planted = 0; planted < SHAPES; planted++) {
            for (int oldest = 0; oldest < LAGS; oldest++) {
                short[] ring = new short[LAGS];
                for (int i = 0; i < LAGS; i++) {
                    ring[i] = (short) (random.nextInt(20_000) - 10_000);
                }
                float[] codebook = new float[SHAPES * LAGS];
                for (int i = 0; i < codebook.length; i++) {
                    codebook[i] = (float) (random.nextDouble() * 8 - 4);
                }
                // The planted shape is the window itself, less a little: the nearest, wherever it sits.
                for (int k = 0; k < LAGS; k++) {
                    codebook[planted * LAGS + k] = ring[(oldest + k) % LAGS] / SCALE + 0.01f;
                }
                SeasonalModel model = new SeasonalModel(LAGS * 2, 2, 0, 1, new float[LAGS + 1], 0.1, codebook, 1, 1);
                double expected = oneShapeAtATime(codebook, ring, oldest);
                assertEquals(expected, model.nearestShapeDistance(ring, oldest, SCALE), 0.0,
                        "planted at " + planted + ", oldest " + oldest);
                assertEquals(0.01 * Math.sqrt(LAGS), expected, 1e-6);
            }
        }
    }

    private static double oneShapeAtATime(float[] codebook, short[] ring, int oldest) {
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < SHAPES; c++) {
            double sum = 0;
            for (int k = 0; k < LAGS; k++) {
                double d = codebook[c * LAGS + k] - ring[(oldest + k) % LAGS] / SCALE;
                sum += d * d;
            }
            best = Math.min(best, sum);
        }
        return Math.sqrt(best);
    }
}
