package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UcrProtocolTest {

    /** 2000 points, prefix [0, 500), anomaly [1000, 1100]. */
    private static final UcrSeries SERIES = new UcrSeries("x.txt.gz", Path.of("x.txt.gz"), 2000, 500, 1000, 1100);

    private static double[] peakAt(int... positions) {
        double[] scores = new double[SERIES.nPoints()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 0.1 + (i % 7) * 0.01;
        }
        for (int p : positions) {
            scores[p] = 0.9;
        }
        return scores;
    }

    @Test
    void locIsTheHighestScoreAndHitsInsideTheAnomaly() {
        UcrOutcome outcome = UcrProtocol.judge(SERIES, peakAt(1050));
        assertEquals(1050, outcome.loc());
        assertEquals(0.9, outcome.maxScore());
        assertEquals(1, outcome.tiedPoints());
        assertFalse(outcome.tied());
        assertTrue(outcome.hit());
    }

    @Test
    void tiesGoToTheFirstAndAreCounted() {
        UcrOutcome outcome = UcrProtocol.judge(SERIES, peakAt(1700, 1050, 1900));
        assertEquals(1050, outcome.loc());
        assertEquals(3, outcome.tiedPoints());
        assertTrue(outcome.tied());
        assertTrue(outcome.hit());
        UcrOutcome firstOutside = UcrProtocol.judge(SERIES, peakAt(600, 1050));
        assertEquals(600, firstOutside.loc());
        assertFalse(firstOutside.hit());
    }

    @Test
    void theMarginIsOneHundredPointsOnEitherSideInclusive() {
        assertTrue(UcrProtocol.judge(SERIES, peakAt(900)).hit());
        assertFalse(UcrProtocol.judge(SERIES, peakAt(899)).hit());
        assertTrue(UcrProtocol.judge(SERIES, peakAt(1200)).hit());
        assertFalse(UcrProtocol.judge(SERIES, peakAt(1201)).hit());
        assertEquals(899, UcrProtocol.judge(SERIES, peakAt(899)).loc());
        assertEquals(1201, UcrProtocol.judge(SERIES, peakAt(1201)).loc());
    }

    @Test
    void scoresBeforeTrainEndDoNotCount() {
        double[] scores = peakAt(1500);
        scores[499] = 1.0;
        scores[0] = 1.0;
        UcrOutcome outcome = UcrProtocol.judge(SERIES, scores);
        assertEquals(1500, outcome.loc());
        assertFalse(outcome.hit());
    }

    @Test
    void aConstantScoreTiesEverywhereAndLocIsTrainEnd() {
        double[] scores = new double[SERIES.nPoints()];
        UcrOutcome outcome = UcrProtocol.judge(SERIES, scores);
        assertEquals(500, outcome.loc());
        assertEquals(1500, outcome.tiedPoints());
        assertFalse(outcome.hit());
    }

    @Test
    void theScoreCountMustMatchThePoints() {
        assertThrows(IllegalArgumentException.class, () -> UcrProtocol.judge(SERIES, new double[10]));
    }

    @Test
    void theSummaryLineHasThreeDecimals() {
        UcrOutcome hit = UcrProtocol.judge(SERIES, peakAt(1000));
        UcrOutcome miss = UcrProtocol.judge(SERIES, peakAt(1300));
        UcrResult result = new UcrResult("t", java.util.List.of(hit, miss, miss), 6000, 1.0, 1);
        assertEquals("ucr=0.333 hits=1 series=3", result.summaryLine());
        assertEquals(0, result.tied());
    }
}
