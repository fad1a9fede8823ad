package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesTunerTest {
    private static final ScoringConfig SCORING = ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL);
    private static final long T0 = 1_767_225_600_000L;

    /** A cycle of 40 points with a sharp beat in it, as a heartbeat or a gait cycle has: far from what the generic model saw. */
    static SeriesHistory beats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] ts = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + 60_000L * i;
            int phase = i % 40;
            v[i] = (phase == 10 ? 8 : phase == 11 ? -3 : 0) + Math.sin(2 * Math.PI * i / 40) + 0.05 * SyntheticSeries.gaussian(r);
        }
        return new SeriesHistory("beats", ts, v);
    }

    @Test
    void aSeriesWithItsOwnRhythmGetsATunedModelThatFindsMore() {
        Model generic = ModelDocument.generic();
        SeriesTuner.Decision d = new SeriesTuner(SeriesTuner.quickConfig(generic), SCORING).tune(beats(3000, 1), generic, null);
        assertTrue(d.adopted(), d.describe());
        assertTrue(d.model().version().endsWith("+tuned"), d.model().version());
        assertEquals(40, d.model().seasonal().period(), "the tuned model also learns the series' period");
        assertTrue(d.candidateLoss() < d.servingLoss(), d.describe());
        assertTrue(d.candidateFound() >= d.servingFound(), d.describe());
    }

    @Test
    void tuningIsDeterministic() {
        Model generic = ModelDocument.generic();
        SeriesTuner tuner = new SeriesTuner(SeriesTuner.quickConfig(generic), SCORING);
        Model a = tuner.tune(beats(1500, 2), generic, null).model();
        Model b = tuner.tune(beats(1500, 2), generic, null).model();
        assertArrayEquals(a.weights(), b.weights());
    }

    @Test
    void theCandidateIsTheFineTuneThatFindsTheMost() {
        Model generic = ModelDocument.generic();
        TrainConfig quick = SeriesTuner.quickConfig(generic);
        SeriesHistory history = beats(1500, 4);
        SeriesTuner.Decision two = new SeriesTuner(quick, SCORING, false, 2).tune(history, generic, null);

        // Each fine-tune on its own, judged against the one set of plants the tuner uses.
        DetectionCheck check = new DetectionCheck(SCORING, quick.seed());
        List<DetectionCheck.HeldBack> heldBack = List.of(
                new DetectionCheck.HeldBack(history, (int) Math.round(history.size() * (1 - SeriesTuner.HELD_BACK))));
        double[] found = new double[2];
        double[] loss = new double[2];
        for (int i = 0; i < 2; i++) {
            TrainResult r = new Trainer(quick.withSeed(quick.seed() + i), null)
                    .fineTune(history, generic, SeriesTuner.HELD_BACK, generic.version() + "+tuned");
            found[i] = check.foundShare(r.model(), heldBack);
            loss[i] = r.validationLoss();
        }
        // On this history the second finds more plants at a higher validation loss: the plants must decide.
        assertTrue(found[1] > found[0] && loss[1] > loss[0], "found " + Arrays.toString(found) + ", loss " + Arrays.toString(loss));
        assertEquals(found[1], two.candidateFound(), two.describe());
        assertEquals(loss[1], two.candidateLoss(), two.describe());
        assertEquals(check.foundShare(generic, heldBack), two.servingFound());
        assertTrue(two.describe().contains("the best of 2 fine-tunes"), two.describe());
    }

    @Test
    void atLeastOneFineTune() {
        Model generic = ModelDocument.generic();
        assertThrows(IllegalArgumentException.class, () -> new SeriesTuner(SeriesTuner.quickConfig(generic), SCORING, true, 0));
    }

    @Test
    void aHistoryTooShortToTuneKeepsTheServingModel() {
        Model generic = ModelDocument.generic();
        SeriesTuner.Decision d = new SeriesTuner(SeriesTuner.quickConfig(generic), SCORING).tune(beats(200, 3), generic, null);
        assertFalse(d.adopted());
        assertSame(generic, d.model(), "no period model either: there is no held-back part to check it on");
        assertEquals(Double.NaN, d.candidateFound());
    }

    @Test
    void withoutThePeriodModelAShortHistoryKeepsTheServingModel() {
        Model generic = ModelDocument.generic();
        SeriesTuner.Decision d = new SeriesTuner(SeriesTuner.quickConfig(generic), SCORING, false).tune(beats(200, 3), generic, null);
        assertSame(generic, d.model());
    }
}
