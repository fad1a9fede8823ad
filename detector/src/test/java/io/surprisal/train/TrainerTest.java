package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final TrainConfig SMALL = TrainConfig.defaults().withCell(CellType.GRU, 8).withEpochs(3, 15).withWindow(48, 8);

    private static TrainResult train(TrainConfig config) {
        List<SeriesHistory> data = SyntheticSeries.generate(16, 600, 11);
        List<List<SeriesHistory>> split = ValidationSplit.bySeries(data, 0.25, 11);
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
    void addedFeaturesStartWithoutEffect() {
        Model generic = ModelDocument.generic();
        Model wider = ModelFactory.withFeatures(generic, new Features(true));
        assertEquals(6, wider.layout().inputs);
        float[] h1 = new float[generic.hidden()];
        float[] h2 = new float[generic.hidden()];
        Model.Scratch s1 = generic.newScratch();
        Model.Scratch s2 = wider.newScratch();
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        for (int t = 0; t < 50; t++) {
            float z = (float) r.nextGaussian();
            generic.step(new float[] {z, 0}, h1, new float[0], s1);
            wider.step(new float[] {z, 0, (float) r.nextDouble(), (float) r.nextDouble(), 0.5f, -0.5f}, h2, new float[0], s2);
            assertEquals(s1.mean, s2.mean, 0f);
            assertEquals(s1.logStd, s2.logStd, 0f);
        }
        assertArrayEquals(h1, h2);
    }

    @Test
    void fineTuningLearnsFromTheOlderPartAndValidatesOnTheNewest() {
        // A daily square wave the generic model cannot anticipate without the time of day.
        int n = 3000;
        long[] ts = new long[n];
        double[] v = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        for (int i = 0; i < n; i++) {
            ts[i] = 1_767_225_600_000L + i * 300_000L;
            int minuteOfDay = (int) ((ts[i] / 60_000) % 1440);
            v[i] = (minuteOfDay >= 9 * 60 && minuteOfDay < 18 * 60 ? 80 : 20) + r.nextGaussian();
        }
        SeriesHistory history = new SeriesHistory("daily", ts, v);
        Model start = ModelFactory.withFeatures(ModelDocument.generic(), new Features(true));
        TrainConfig config = TrainConfig.defaults().withFeatures(start.features()).withEpochs(3, 20).withThreads(1);
        TrainResult a = new Trainer(config, null).fineTune(history, start, 0.2, "ft");
        TrainResult b = new Trainer(config.withThreads(2), null).fineTune(history, start, 0.2, "ft");
        assertTrue(a.validationLoss() < a.initialLoss() - 0.1, a.initialLoss() + " -> " + a.validationLoss());
        assertArrayEquals(a.model().weights(), b.model().weights());
        assertEquals(1, a.model().training().series());
    }

    @Test
    void gradientClippingBoundsTheNorm() {
        double[] g = {3, 4};
        Adam.clip(g, 1);
        assertEquals(1, Math.hypot(g[0], g[1]), 1e-12);
        double[] small = {0.3, 0.4};
        Adam.clip(small, 1);
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
