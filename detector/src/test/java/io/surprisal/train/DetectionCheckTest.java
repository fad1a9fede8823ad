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
import io.surprisal.state.SeriesStateSerde;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        double[] replayed = scores(detector, detector.newState(), h.timestamps(), v, 0);
        double[] restored = scores(detector, new SeriesStateSerde().deserialize(DetectionCheck.stateAt(detector, h, 2000)),
                h.timestamps(), v, 2000);
        assertArrayEquals(Arrays.copyOfRange(replayed, 2000, v.length), Arrays.copyOfRange(restored, 2000, v.length));
        int fromState = DetectionCheck.topScore(detector, DetectionCheck.stateAt(detector, h, 2000), h.timestamps(), v, 2000);
        assertEquals(2400, fromState, "the dip is the top score either way");
    }

    /** Every point's score from {@code from} on, continuing {@code state} (0 where a point is not scored). */
    private static double[] scores(Detector detector, SeriesState state, long[] ts, double[] values, int from) {
        double[] scores = new double[values.length];
        ScoreRecord out = new ScoreRecord();
        for (int i = from; i < values.length; i++) {
            if (detector.update(state, ts[i], values[i], out) == Outcome.SCORED) {
                scores[i] = out.score;
            }
        }
        return scores;
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
