package io.surprisal.train;

import io.surprisal.model.CellType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final TrainConfig SMALL = TrainConfig.defaults().withCell(CellType.GRU, 8).withEpochs(3, 15).withWindow(48, 8);

    private static TrainResult train(TrainConfig config) {
        List<SeriesHistory> data = SyntheticSeries.generate(16, 600, 11);
        List<List<SeriesHistory>> split = Trainer.split(data, 0.25, 11);
        return new Trainer(config, null).train(split.get(0), split.get(1), null, "t", "t1", "a", "b", "test");
    }

    @Test
    void trainingLowersTheValidationLoss() {
        TrainResult r = train(SMALL);
        assertTrue(r.validationLoss() < r.initialLoss() - 0.1, r.initialLoss() + " -> " + r.validationLoss());
        assertEquals(r.validationLoss(), r.model().training().validationLoss());
    }

    @Test
    void theSameSeedGivesTheSameWeightsWhateverTheThreadCount() {
        TrainResult one = train(SMALL.withThreads(1));
        TrainResult two = train(SMALL.withThreads(2));
        assertArrayEquals(one.model().weights(), two.model().weights());
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        TrainResult a = train(SMALL);
        TrainResult b = train(SMALL.withSeed(99));
        assertTrue(!java.util.Arrays.equals(a.model().weights(), b.model().weights()));
    }

    @Test
    void gradientClippingBoundsTheNorm() {
        double[] g = {3, 4};
        Trainer.clip(g, 1);
        assertEquals(1, Math.hypot(g[0], g[1]), 1e-12);
        double[] small = {0.3, 0.4};
        Trainer.clip(small, 1);
        assertArrayEquals(new double[]{0.3, 0.4}, small);
    }

    @Test
    void syntheticDataIsDeterministicAndFinite() {
        var a = SyntheticSeries.generate(5, 300, 4);
        var b = SyntheticSeries.generate(5, 300, 4);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(a.get(i).values(), b.get(i).values());
            assertArrayEquals(a.get(i).timestamps(), b.get(i).timestamps());
            for (double v : a.get(i).values()) {
                assertTrue(Double.isFinite(v));
            }
        }
    }
}
