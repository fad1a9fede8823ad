package io.surprisal.score;

import io.surprisal.document.ModelDocument;
import io.surprisal.state.RecentLevel;
import io.surprisal.state.SeriesState;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LevelDeviationTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final long MINUTE = 60_000;

    @Test
    void judgesNothingUntilTheLevelHasLearnedEnough() {
        RecentLevel r = new RecentLevel();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < LevelDeviation.READY; i++) {
            assertTrue(Double.isNaN(LevelDeviation.observe(r, 10 + random.nextGaussian(), 1)), "judged at " + i);
        }
        assertFalse(Double.isNaN(LevelDeviation.observe(r, 10 + random.nextGaussian(), 1)));
        assertEquals(1, LevelDeviation.judged(r));
        assertTrue(Double.isNaN(LevelDeviation.observe(r, Double.MAX_VALUE, 1)), "a value too large to profile is not judged");
        assertEquals(LevelDeviation.READY + 1, r.points, "nor learned");
    }

    /** The point of the judgement: a shift keeps deviating from the recent level while the level follows it. */
    @Test
    void aShiftStaysSurprisingWhileTheLevelFollows() {
        RecentLevel r = new RecentLevel();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            LevelDeviation.observe(r, 10 + random.nextGaussian(), 1);
        }
        int surprising = 0;
        for (int i = 0; i < LevelDeviation.MEMORY; i++) {
            if (LevelDeviation.observe(r, 16 + random.nextGaussian(), 1) > 2) { // beyond one in a hundred
                surprising++;
            }
        }
        assertTrue(surprising >= LevelDeviation.MEMORY / 2, "surprising for " + surprising + " points");
        for (int i = 0; i < 10 * LevelDeviation.MEMORY; i++) {
            LevelDeviation.observe(r, 16 + random.nextGaussian(), 1);
        }
        assertEquals(16, r.level, 1, "the level has followed");
    }

    @Test
    void aPointThatTeachesNothingLeavesTheLevelAndSpreadAsTheyWere() {
        RecentLevel r = new RecentLevel();
        for (int i = 0; i < 200; i++) {
            LevelDeviation.observe(r, i % 2 == 0 ? 9 : 11, 1);
        }
        double level = r.level;
        float variance = r.variance;
        LevelDeviation.observe(r, 100, 0);
        assertEquals(level, r.level);
        assertEquals(variance, r.variance);
    }

    /**
     * A series too young for its daily profile (a point a minute, so a day is 1440 points) shifts by 3 sigma. The
     * recurrent model is surprised for a few points and then predicts the new level; the recent level deviates
     * for as long as it takes to follow, so from the tenth point after the shift on the series stays at or near
     * red, judged by its level, where without it (the daily profile, and so the recent level, turned off) the
     * surprise dies down. Once the profile judges, the level is forgotten.
     */
    @Test
    void theDetectorJudgesALevelShiftBeforeItsDailyProfileIsReady() {
        int shift = 800;
        Detector d = new Detector(ModelDocument.generic(), ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        int withLevel = nearRedAfter(d, s, shift, Judgement.LEVEL);
        int without = nearRedAfter(new Detector(ModelDocument.generic(), ScoringConfig.DEFAULT.withDailyProfile(false)),
                null, shift, null);
        assertTrue(withLevel >= 18 && withLevel > without + 5, withLevel + " points near red judged by the level, "
                + without + " near red without it");
        assertTrue(s.recent.inUse());
        assertFalse(s.daily.judges());
        ScoreRecord out = new ScoreRecord();
        for (int i = shift + 30; i < 5 * 1440 && !s.daily.judges(); i++) {
            d.update(s, T0 + i * MINUTE, 23 + Math.sin(i), out);
        }
        assertTrue(s.daily.judges(), "the daily profile is ready within five days");
        assertFalse(s.recent.inUse(), "then the recent level is forgotten (and no longer stored)");
    }

    /**
     * Points from the 10th to the 30th after a 3-sigma shift at {@code shift} with a score of at least 0.75
     * (a red point held inside its episode, or one near red), counting only those judged {@code by} when given.
     */
    private static int nearRedAfter(Detector d, SeriesState state, int shift, Judgement by) {
        SeriesState s = state == null ? d.newState() : state;
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(7);
        int near = 0;
        for (int i = 0; i < shift + 30; i++) {
            d.update(s, T0 + i * MINUTE, (i < shift ? 20 : 23) + r.nextGaussian(), out);
            assertFalse(i < shift && i >= ScoringConfig.DEFAULT.warmup() && out.anomaly, "a false alarm at " + i);
            if (i >= shift + 10 && out.score >= 0.75 && (by == null || out.judgement == by)) {
                near++;
            }
        }
        return near;
    }
}
