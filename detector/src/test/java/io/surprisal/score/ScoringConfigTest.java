package io.surprisal.score;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringConfigTest {

    @Test
    void aSettingChangesByNameAndNothingElseDoes() {
        ScoringConfig d = ScoringConfig.DEFAULT;
        ScoringConfig c = d.with("shortWindow", "10").with("anomalyLearning", "1").with("hourlyBaseline", "false");
        assertEquals(10, c.shortWindow());
        assertEquals(1.0, c.anomalyLearning());
        assertFalse(c.hourlyBaseline());
        assertEquals(d.withShortWindow(10).withAnomalyLearning(1).withHourlyBaseline(false), c);
        assertTrue(d.with("dailyProfile", "true").dailyProfile());
        assertEquals(0.5, d.with("rangeTolerance", "0.5").rangeTolerance());
        assertEquals(d.rangeAfter(), d.with("rangeTolerance", "0.5").rangeAfter());
    }

    @Test
    void unknownNamesAndBadValuesAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScoringConfig.DEFAULT.with("window", "3"));
        assertTrue(e.getMessage().contains("window") && e.getMessage().contains("shortWindow"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScoringConfig.DEFAULT.with("shortWindow", "ten"));
        assertTrue(e.getMessage().contains("shortWindow"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScoringConfig.DEFAULT.with("hourlyBaseline", "yes"));
        assertThrows(IllegalArgumentException.class, () -> ScoringConfig.DEFAULT.with("anomalyLearning", "2"));
    }

    @Test
    void theDefaultThresholdIsTheRedLine() {
        double tail = AnomalyLikelihood.tailOf(ScoringConfig.DEFAULT.threshold());
        assertTrue(tail >= AnomalyLikelihood.RED && tail < 1.03 * AnomalyLikelihood.RED, "tail " + tail);
        assertTrue(AnomalyLikelihood.scoreOf(AnomalyLikelihood.LOG_RED) >= ScoringConfig.DEFAULT.threshold(),
                "a point exactly on the red line is flagged");
        assertEquals(0.5, AnomalyLikelihood.scoreOf(Math.log(0.1)), 1e-12);
        assertEquals(0.99, AnomalyLikelihood.scoreOf(-99 * Math.log(10)), 1e-12);
        assertTrue(AnomalyLikelihood.scoreOf(-1e4 * Math.log(10)) < AnomalyLikelihood.scoreOf(-1e4 * Math.log(10) - 1),
                "still ranks ten thousand digits out");
    }
}
