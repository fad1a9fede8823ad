package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.Detector;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;
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
        SeriesHistory spiked = new SeriesHistory(h.id(), h.timestamps(), v);
        Detector detector = new Detector(ModelDocument.generic(), SCORING);
        int loc = DetectionCheck.topScore(detector, DetectionCheck.stateAt(detector, spiked, 1500), h.timestamps(), v, 1500);
        assertEquals(1700, loc);
    }

    @Test
    void theStateAtTheHeldBackPartScoresItAsAReplayFromTheFirstPointWould() {
        SeriesHistory h = SeriesTunerTest.beats(3000, 6);
        double[] v = h.values().clone();
        v[2400] -= 5;
        Detector detector = new Detector(ModelDocument.generic(), SCORING);
        SeriesState state = detector.newState();
        ScoreRecord out = new ScoreRecord();
        double best = -1;
        int replayed = -1;
        for (int i = 0; i < v.length; i++) {
            if (detector.update(state, h.timestamps()[i], v[i], out) == Outcome.SCORED && i >= 2000 && out.score > best) {
                best = out.score;
                replayed = i;
            }
        }
        int fromState = DetectionCheck.topScore(detector, DetectionCheck.stateAt(detector, h, 2000), h.timestamps(), v, 2000);
        assertEquals(replayed, fromState);
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
