package io.surprisal.score;

import io.surprisal.state.DailyProfile;
import io.surprisal.state.SeriesState;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DailyDeviationTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final long FIVE_MINUTES = 300_000L;
    private static final int PER_DAY = 288;

    /** High from 08:00 to 20:00 UTC, low otherwise, with a little noise. */
    private static double workday(int i, SplittableRandom r) {
        int minuteOfDay = (i % PER_DAY) * 5;
        boolean high = minuteOfDay >= 8 * 60 && minuteOfDay < 20 * 60;
        return (high ? 80 : 20) + r.nextDouble() - 0.5;
    }

    @Test
    void judgesOnlyOnceEveryHourOfDayHasEnoughPoints() {
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(1);
        int i = 0;
        // Twelve points per hour: an hour of day has its 20th point on the second day, 23:35 is the last to get there.
        int lastHourReady = PER_DAY + 23 * 12 + 8;
        for (; i < lastHourReady; i++) {
            assertTrue(Double.isNaN(DailyDeviation.observe(p, workday(i, r), T0 + i * FIVE_MINUTES)), "at " + i);
        }
        for (; i < 2 * PER_DAY; i++) {
            assertFalse(Double.isNaN(DailyDeviation.observe(p, workday(i, r), T0 + i * FIVE_MINUTES)), "at " + i);
        }
    }

    @Test
    void aDayThatStaysLowIsSurprisingAllDayLong() {
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(2);
        int days = 14;
        double usualMax = 0;
        for (int i = 0; i < days * PER_DAY; i++) {
            double s = DailyDeviation.observe(p, workday(i, r), T0 + i * FIVE_MINUTES);
            if (i >= 7 * PER_DAY) {
                usualMax = Math.max(usualMax, s);
            }
        }
        // The noise is uniform on ±0.5 (std 0.29): a week of it stays within a few standard deviations.
        assertTrue(usualMax < 4, "an ordinary day is unremarkable: " + usualMax);
        int lowNoon = days * PER_DAY + 12 * 12;
        double noon = DailyDeviation.observe(p, 20, T0 + lowNoon * FIVE_MINUTES);
        assertEquals(AnomalyLikelihood.tailSurprisal(AnomalyLikelihood.MAX_ERROR), noon, 1e-9,
                "low at noon, where it is usually high: as surprising as it gets");
        double night = DailyDeviation.observe(p, 20, T0 + (days + 1) * PER_DAY * FIVE_MINUTES);
        assertTrue(night < 4, "low at midnight is usual: " + night);
    }

    @Test
    void hugeValuesAreNeitherJudgedNorLearned() {
        DailyProfile p = new DailyProfile();
        DailyDeviation.observe(p, 5, T0);
        float[] usual = p.usual.clone();
        short[] counts = p.counts.clone();
        assertTrue(Double.isNaN(DailyDeviation.observe(p, 1e300, T0 + FIVE_MINUTES)));
        assertArrayEquals(usual, p.usual);
        assertArrayEquals(counts, p.counts);
        assertEquals(0f, p.residualVariance);
    }

    @Test
    void countsSaturate() {
        DailyProfile p = new DailyProfile();
        for (int i = 0; i < 300; i++) {
            DailyDeviation.observe(p, 1, T0 + i * 1000L); // all within the first hour
        }
        assertEquals(DailyProfile.MAX_COUNT, p.counts[(int) ((T0 / 3_600_000L) % SeriesState.HOURS)]);
    }
}
