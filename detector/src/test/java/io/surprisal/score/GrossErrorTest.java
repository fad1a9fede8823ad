package io.surprisal.score;

import io.surprisal.document.ModelDocument;
import io.surprisal.model.Model;
import io.surprisal.model.Normalization;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One absurd reading does not blind a series; a lasting change of scale is still learned. */
class GrossErrorTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final long FIVE_MINUTES = 300_000;
    private static final Model GENERIC = ModelDocument.generic();

    /** A temperature of 20 with a daily swing of ±3 and noise of 0.5, a point every five minutes. */
    private static double temperature(int i, SplittableRandom r) {
        return 20 + 3 * Math.sin(2 * Math.PI * i / 288.0) + 0.5 * r.nextGaussian();
    }

    @Test
    void aGrossErrorIsFarFromTheMeanOfASeriesWithASpreadOfItsOwn() {
        Normalization norm = GENERIC.normalization();
        double bound = Detector.GROSS_ERROR_SPREADS;
        assertTrue(norm.isBeyond(bound + 1, 0, 1, bound));
        assertTrue(norm.isBeyond(-bound - 1, 0, 1, bound));
        assertFalse(norm.isBeyond(bound - 1, 0, 1, bound));
        assertFalse(norm.isBeyond(1e12, 5, 0, bound), "a constant series has no scale to judge by");
    }

    /** Within the bound a jump teaches the normaliser as before, however large; beyond it, nothing. */
    @Test
    void onlyAGrossErrorIsKeptFromTheNormaliser() {
        for (double jump : new double[]{5000, 50_000}) {
            Detector d = new Detector(GENERIC, ScoringConfig.DEFAULT);
            SeriesState s = d.newState();
            ScoreRecord out = new ScoreRecord();
            SplittableRandom r = new SplittableRandom(9);
            for (int i = 0; i < 2000; i++) {
                d.update(s, T0 + i * FIVE_MINUTES, r.nextGaussian(), out);
            }
            float before = s.variance;
            d.update(s, T0 + 2000 * FIVE_MINUTES, s.mean + jump * Math.sqrt(before), out);
            assertTrue(out.anomaly, "a jump of " + jump + " spreads fires");
            if (jump < Detector.GROSS_ERROR_SPREADS) {
                assertTrue(s.variance > 100 * before, "a jump of " + jump + " spreads is learned");
            } else {
                assertEquals(before, s.variance, "a jump of " + jump + " spreads is not");
            }
        }
    }

    /**
     * A sensor that reports 65535 (or a reading in the wrong unit, or the largest value the detector takes) once: the glitch itself fires, every output stays finite, and a spike
     * of sixteen noise spreads ten days later fires too. Learned at full weight, a glitch of 65535 had inflated the
     * normaliser's spread and the daily profile's so far that the spike's score stayed below 0.1.
     */
    @Test
    void aGlitchLeavesTheSeriesAbleToSeeTheNextAnomaly() {
        for (double glitch : new double[]{65_535, 1e6, 1e12, -Detector.MAX_ABS_VALUE}) {
            Detector d = new Detector(GENERIC, ScoringConfig.DEFAULT);
            SeriesState s = d.newState();
            ScoreRecord out = new ScoreRecord();
            SplittableRandom r = new SplittableRandom(7);
            int glitchAt = 3000;
            int spikeAt = glitchAt + 3000;
            for (int i = 0; i <= spikeAt; i++) {
                double v = i == glitchAt ? glitch : temperature(i, r);
                if (i == spikeAt) {
                    v += 8;
                }
                float highest = s.highest;
                float lowest = s.lowest;
                d.update(s, T0 + i * FIVE_MINUTES, v, out);
                if (i == glitchAt) {
                    assertTrue(out.anomaly, "the glitch " + glitch + " itself fires");
                    assertEquals(highest, s.highest, "nor does it widen the range new extremes must leave");
                    assertEquals(lowest, s.lowest);
                }
                assertTrue(Double.isFinite(out.score) && Double.isFinite(out.expected), "finite at " + i);
            }
            assertTrue(out.anomaly, "the spike after a glitch of " + glitch + " fires: score " + out.score);
            assertTrue(Math.sqrt(s.variance) < 10, "the normaliser's spread is the series' own: " + Math.sqrt(s.variance));
        }
    }

    /** Beyond what a series' single-precision statistics hold, a value is not scored and changes nothing. */
    @Test
    void aValueBeyondWhatTheStateHoldsIsNotScored() {
        Detector d = new Detector(GENERIC, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            d.update(s, T0 + i * FIVE_MINUTES, temperature(i, r), out);
        }
        SeriesStateSerde serde = new SeriesStateSerde();
        byte[] before = serde.serialize(s);
        for (double v : new double[]{Math.nextUp(Detector.MAX_ABS_VALUE), -1e300, Double.MAX_VALUE}) {
            assertEquals(Outcome.VALUE_OUT_OF_RANGE, d.update(s, T0 + 100 * FIVE_MINUTES, v, out));
            assertEquals("value-out-of-range", Outcome.VALUE_OUT_OF_RANGE.reason());
        }
        assertArrayEquals(before, serde.serialize(s), "the state is as it was");
        assertEquals(Outcome.SCORED, d.update(s, T0 + 100 * FIVE_MINUTES, Detector.MAX_ABS_VALUE, out));
    }

    /**
     * A glitch among a series' first two points (a sensor's first reading after it powers up), when there is no
     * spread yet to judge it by: had it stayed, it would have been the normaliser's level and spread for thousands of
     * points and the top of the range for good.
     */
    @Test
    void aGlitchAmongTheFirstPointsIsForgottenAtTheThird() {
        for (double glitch : new double[]{65_535, 1e12, -Detector.MAX_ABS_VALUE}) {
            for (int glitchAt : new int[]{0, 1}) {
                Detector d = new Detector(GENERIC, ScoringConfig.DEFAULT);
                SeriesState s = d.newState();
                ScoreRecord out = new ScoreRecord();
                SplittableRandom r = new SplittableRandom(7);
                for (int i = 0; i <= 3000; i++) {
                    double v = temperature(i, r);
                    d.update(s, T0 + i * FIVE_MINUTES, i == glitchAt ? glitch : i == 3000 ? v + 8 : v, out);
                }
                String what = "after a glitch of " + glitch + " at point " + glitchAt;
                assertTrue(out.anomaly, "the spike " + what + " fires: score " + out.score);
                assertTrue(Math.sqrt(s.variance) < 10, "the normaliser's spread " + what + ": " + Math.sqrt(s.variance));
                assertTrue(s.lowest > 0 && s.highest < 100, "the range " + what + ": " + s.lowest + " to " + s.highest);
            }
        }
    }

    /** Two first points apart as a series' points usually are stay, whatever the third. */
    @Test
    void firstPointsThatAreNotGrossErrorsStay() {
        Detector d = new Detector(GENERIC, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        d.update(s, T0, 0, out);
        d.update(s, T0 + FIVE_MINUTES, 100, out);
        d.update(s, T0 + 2 * FIVE_MINUTES, 100, out);
        assertEquals(0, s.lowest);
        assertEquals(100, s.highest);
    }

    /**
     * The daily profile and the recent level start learning at the series' 31st point (after the settling ones): a
     * glitch there, their first point, had become their level and its deviations their spread, and of spikes of
     * sixteen spreads every 3000 points the second scored 0.62 (0.98 now).
     */
    @Test
    void aGlitchWhenTheDailyProfileStartsDoesNotBecomeItsLevel() {
        Detector d = new Detector(GENERIC, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(7);
        int glitchAt = ScoringConfig.DEFAULT.settle();
        for (int i = 0; i <= 9000; i++) {
            double v = temperature(i, r);
            boolean spike = i % 3000 == 0 && i > 0;
            d.update(s, T0 + i * FIVE_MINUTES, i == glitchAt ? 65_535 : spike ? v + 8 : v, out);
            if (spike) {
                assertTrue(out.anomaly, "the spike at " + i + " fires: score " + out.score);
            }
        }
    }

    /**
     * A series whose values are suddenly a million times larger for good (a new unit): the change fires at each
     * point while it is still a gross error, one incident until the run has lasted, then the normaliser learns the
     * new scale within a day and the series does not keep firing.
     */
    @Test
    void aLastingChangeOfScaleIsLearnedNotFlaggedForEver() {
        Detector d = new Detector(GENERIC, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(8);
        int change = 3000;
        int lasting = ScoringConfig.DEFAULT.shortWindow();
        int later = 0;
        for (int i = 0; i < change + 2000; i++) {
            d.update(s, T0 + i * FIVE_MINUTES, temperature(i, r) * (i >= change ? 1e6 : 1), out);
            if (i >= change && i < change + lasting) {
                assertTrue(out.anomaly, "flagged while the change is a gross error, at " + (i - change));
            }
            if (i == change + 288) {
                assertTrue(Math.sqrt(s.variance) > 1e5, "the normaliser has learned the new scale: " + Math.sqrt(s.variance));
            }
            if (i > change + lasting && out.anomaly) {
                later++;
            }
        }
        assertTrue(later <= 3, later + " points flagged after the first " + lasting);
    }
}
