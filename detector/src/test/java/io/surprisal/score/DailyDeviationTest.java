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

    private long previousTs = Long.MIN_VALUE;

    /** Feeds one point of a series in order, as the detector does. */
    private double observe(DailyProfile p, double value, long ts) {
        double surprisal = DailyDeviation.observe(p, value, ts, previousTs, 1.0);
        previousTs = ts;
        return surprisal;
    }

    /** High from 08:00 to 20:00 UTC, low otherwise, with a little noise. */
    private static double workday(int i, SplittableRandom r) {
        int minuteOfDay = (i % PER_DAY) * 5;
        boolean high = minuteOfDay >= 8 * 60 && minuteOfDay < 20 * 60;
        return (high ? 80 : 20) + r.nextDouble() - 0.5;
    }

    @Test
    void judgesOnlyOnceEveryHourOfDayHasEnoughPointsOnThreeDays() {
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(1);
        int i = 0;
        // Twelve points per hour: 20 of them by the second day; 23:00 on the third day is the last hour to get its third visit.
        int lastHourReady = 2 * PER_DAY + 23 * 12 + 1;
        for (; i < lastHourReady; i++) {
            assertTrue(Double.isNaN(observe(p, workday(i, r), T0 + i * FIVE_MINUTES)), "at " + i);
        }
        for (; i < 4 * PER_DAY; i++) {
            assertFalse(Double.isNaN(observe(p, workday(i, r), T0 + i * FIVE_MINUTES)), "at " + i);
        }
    }

    @Test
    void aVisitIsAStretchWithinOneClockHourNotAPoint() {
        DailyProfile p = new DailyProfile();
        long minute = 60_000L;
        for (int i = 0; i < 2 * 1440; i++) { // two days of one-minute points: 120 points per hour of day, two visits
            assertTrue(Double.isNaN(observe(p, 50 + (i % 7), T0 + i * minute)), "at " + i);
        }
        for (int k = 0; k < SeriesState.HOURS; k++) {
            assertEquals(2, p.visits[k], "hour " + k);
            assertEquals(120, p.counts[k], "hour " + k);
        }
        observe(p, 50, T0 + 2 * 1440 * minute);
        observe(p, 50, T0 + 2 * 1440 * minute + 3_600_000L); // a gap of an hour: 01:00 is visited once more
        assertEquals(3, p.visits[1]);
        assertEquals(2, p.visits[2]);
    }

    @Test
    void aDayThatStaysLowIsSurprisingAllDayLong() {
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(2);
        int days = 14;
        double usualMax = 0;
        for (int i = 0; i < days * PER_DAY; i++) {
            double s = observe(p, workday(i, r), T0 + i * FIVE_MINUTES);
            if (i >= 7 * PER_DAY) {
                usualMax = Math.max(usualMax, s);
            }
        }
        // The noise is uniform on ±0.5 (std 0.29): a week of it stays within a few standard deviations.
        assertTrue(usualMax < 4, "an ordinary day is unremarkable: " + usualMax);
        int lowNoon = days * PER_DAY + 12 * 12;
        double noon = observe(p, 20, T0 + lowNoon * FIVE_MINUTES);
        assertEquals(AnomalyLikelihood.tailSurprisal(AnomalyLikelihood.MAX_ERROR), noon, 1e-9,
                "low at noon, where it is usually high: as surprising as it gets");
        double night = observe(p, 20, T0 + (days + 1) * PER_DAY * FIVE_MINUTES);
        assertTrue(night < 4, "low at midnight is usual: " + night);
    }

    /** The workday on Monday to Friday, low all day on Saturday and Sunday (UTC). */
    private static double office(int i, SplittableRandom r) {
        long ts = T0 + i * FIVE_MINUTES;
        return SeriesState.isWeekend(ts) ? 20 + r.nextDouble() - 0.5 : workday(i, r);
    }

    @Test
    void weekendsAreSaturdayAndSundayInUtc() {
        assertFalse(SeriesState.isWeekend(T0)); // Thursday 2026-01-01T00:00Z
        assertFalse(SeriesState.isWeekend(T0 + 2 * PER_DAY * FIVE_MINUTES - 1)); // Friday 23:59:59.999
        assertTrue(SeriesState.isWeekend(T0 + 2 * PER_DAY * FIVE_MINUTES)); // Saturday 00:00
        assertTrue(SeriesState.isWeekend(T0 + 4 * PER_DAY * FIVE_MINUTES - 1)); // Sunday 23:59:59.999
        assertFalse(SeriesState.isWeekend(T0 + 4 * PER_DAY * FIVE_MINUTES)); // Monday 00:00
        long day = 86_400_000L;
        assertTrue(SeriesState.isWeekend(-4 * day)); // Sunday 1969-12-28: before the epoch too
        assertFalse(SeriesState.isWeekend(-3 * day)); // Monday 1969-12-29
    }

    @Test
    void aQuietWeekendIsUsualAndAWeekdayThatLooksLikeOneIsNot() {
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(5);
        int weeks = 4;
        double lastWeekMax = 0;
        for (int i = 0; i < weeks * 7 * PER_DAY; i++) {
            double s = observe(p, office(i, r), T0 + i * FIVE_MINUTES);
            if (i >= (weeks - 1) * 7 * PER_DAY && !Double.isNaN(s)) {
                lastWeekMax = Math.max(lastWeekMax, s);
            }
        }
        assertTrue(lastWeekMax < 4, "a quiet weekend, once learned, is unremarkable: " + lastWeekMax);
        // Thursday noon, as quiet as a Sunday: a holiday.
        double holiday = observe(p, 20, T0 + (weeks * 7 * PER_DAY + 12 * 12) * FIVE_MINUTES);
        assertTrue(holiday > 10, "a weekday that looks like a weekend is a surprise: " + holiday);
    }

    @Test
    void aSeriesWithoutAWeeklyRhythmIsJudgedOnWeekendsAsOnWeekdays() {
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(6);
        int weeks = 4;
        double weekdayMax = 0;
        double weekendMax = 0;
        for (int i = 0; i < weeks * 7 * PER_DAY; i++) {
            long ts = T0 + i * FIVE_MINUTES;
            double s = observe(p, workday(i, r), ts);
            if (i >= 7 * PER_DAY) {
                if (SeriesState.isWeekend(ts)) {
                    weekendMax = Math.max(weekendMax, s);
                } else {
                    weekdayMax = Math.max(weekdayMax, s);
                }
            }
        }
        assertTrue(p.hasWeekend());
        assertTrue(weekdayMax < 4, "weekdays: " + weekdayMax);
        assertTrue(weekendMax < 4, "weekends, learned from a fifth as many points: " + weekendMax);
    }

    @Test
    void aPermanentChangeOfLevelStopsSurprisingWithinAFewDozenPoints() {
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(4);
        int shiftAt = 10 * PER_DAY + 100;
        double lastDayMax = 0;
        double firstPoint = 0;
        for (int i = 0; i < 12 * PER_DAY; i++) {
            double v = workday(i, r) + (i >= shiftAt ? 30 : 0); // recalibrated: 30 higher for good
            double s = observe(p, v, T0 + i * FIVE_MINUTES);
            if (i == shiftAt) {
                firstPoint = s;
            } else if (i >= 11 * PER_DAY) {
                lastDayMax = Math.max(lastDayMax, s);
            }
        }
        assertTrue(firstPoint > 10, "the shift itself is a surprise: " + firstPoint);
        assertTrue(lastDayMax < 4, "a day later every hour is ordinary again: " + lastDayMax);
    }

    @Test
    void theSameDeviationCountsMoreAtAnHourThatIsUsuallyQuiet() {
        // Noise of ±0.1 at night (00:00 to 08:00), ±3 by day; both around 50.
        DailyProfile p = new DailyProfile();
        SplittableRandom r = new SplittableRandom(3);
        int days = 10;
        for (int i = 0; i < days * PER_DAY; i++) {
            boolean night = (i % PER_DAY) < 8 * 12;
            observe(p, 50 + (night ? 0.2 : 6) * (r.nextDouble() - 0.5), T0 + i * FIVE_MINUTES);
        }
        long nextDay = T0 + days * PER_DAY * FIVE_MINUTES;
        // Pooled over the day, the spread is about 1.4: two units off would be 1.4 standard deviations either way.
        double atNight = observe(p, 52, nextDay + 3 * 3_600_000L);
        double byDay = observe(p, 52, nextDay + 14 * 3_600_000L);
        assertTrue(atNight > 2.5, "two units off at 03:00, where it hardly moves: " + atNight);
        assertTrue(byDay < 1, "two units off at 14:00 is ordinary: " + byDay);
    }

    @Test
    void hugeValuesAreNeitherJudgedNorLearned() {
        DailyProfile p = new DailyProfile();
        observe(p, 5, T0);
        float[] usual = p.usual.clone();
        short[] counts = p.counts.clone();
        short[] visits = p.visits.clone();
        assertTrue(Double.isNaN(observe(p, 1e300, T0 + FIVE_MINUTES)));
        assertArrayEquals(usual, p.usual);
        assertArrayEquals(counts, p.counts);
        assertArrayEquals(visits, p.visits);
        assertEquals(0f, p.residualVariance);
    }

    @Test
    void countsSaturate() {
        DailyProfile p = new DailyProfile();
        for (int i = 0; i < 300; i++) {
            observe(p, 1, T0 + i * 1000L); // all within the first hour
        }
        assertEquals(DailyProfile.MAX_COUNT, p.counts[(int) ((T0 / 3_600_000L) % SeriesState.HOURS)]);
    }
}
