package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectionCheckTest {
    private static final ScoringConfig SCORING = ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL);

    @Test
    void theTopScoreLiesOnAnObviousSpike() {
        SeriesHistory h = SeriesTunerTest.beats(2000, 4);
        double[] v = h.values().clone();
        v[1700] += 100;
        int loc = new DetectionCheck(SCORING, 1).topScore(ModelDocument.generic(), h.timestamps(), v, 1500);
        assertEquals(1700, loc);
    }

    @Test
    void theSameModelAndSeedFindTheSameShare() {
        Model generic = ModelDocument.generic();
        List<DetectionCheck.HeldBack> held = List.of(new DetectionCheck.HeldBack(SeriesTunerTest.beats(2000, 5), 1600));
        double a = new DetectionCheck(SCORING, 7).foundShare(generic, held);
        double b = new DetectionCheck(SCORING, 7).foundShare(generic, held);
        assertEquals(a, b);
        assertTrue(a >= 0 && a <= 1, "share " + a);
    }

    @Test
    void nothingToPlantInIsNaN() {
        List<DetectionCheck.HeldBack> held = List.of(new DetectionCheck.HeldBack(SeriesTunerTest.beats(100, 5), 95));
        assertTrue(Double.isNaN(new DetectionCheck(SCORING, 7).foundShare(ModelDocument.generic(), held)));
    }

    @Test
    void theHeldBackPartMustLieInsideTheSeries() {
        assertThrows(IllegalArgumentException.class, () -> new DetectionCheck.HeldBack(SeriesTunerTest.beats(100, 5), 100));
    }

    @Test
    void spreadIsTheMedianStep() {
        assertEquals(1.0, DetectionCheck.spread(new double[] {0, 1, 2, 3, 10}, 4));
        assertEquals(1e-9, DetectionCheck.spread(new double[] {5}, 1));
    }
}
