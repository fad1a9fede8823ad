package io.surprisal.score;

import io.surprisal.state.SeriesState;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyLikelihoodTest {

    @Test
    void logTailMatchesCommonsMathAndKeepsGoingWhereItUnderflows() {
        for (int i = -1000; i < 3000; i++) {
            double z = i / 100.0;
            double direct = 0.5 * Erf.erfc(z / Math.sqrt(2));
            if (direct > 1e-300) {
                // The series (|z| < 5) is good to about 1e-10 relative, the asymptotic expansion to 1e-5.
                double relative = Math.abs(z) < 5 ? 1e-9 : 1e-5;
                double expected = Math.log(direct);
                assertEquals(expected, AnomalyLikelihood.logUpperTail(z), relative * Math.max(Math.abs(expected), direct), "z=" + z);
            }
        }
        assertTrue(AnomalyLikelihood.logUpperTail(60) < AnomalyLikelihood.logUpperTail(50));
        assertTrue(Double.isFinite(AnomalyLikelihood.logUpperTail(1e6)));
    }

    @Test
    void tailSurprisalIsDigitsOfImprobabilityAndIsClipped() {
        assertEquals(0, AnomalyLikelihood.tailSurprisal(0), 1e-12);
        assertEquals(-Math.log10(0.0455003), AnomalyLikelihood.tailSurprisal(2), 1e-5);   // P(|Z| > 2)
        assertEquals(AnomalyLikelihood.tailSurprisal(-3), AnomalyLikelihood.tailSurprisal(3), 0);
        assertEquals(AnomalyLikelihood.tailSurprisal(10), AnomalyLikelihood.tailSurprisal(1e9), 0);
    }

    @Test
    void aRunOfRedPointsFiresOnceUnlessItKeepsGrowing() {
        ScoringConfig config = ScoringConfig.DEFAULT;
        AnomalyLikelihood likelihood = new AnomalyLikelihood(config);
        SeriesState s = new SeriesState(1, false, 0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        long n = 0;
        for (int i = 0; i < 2000; i++) {
            likelihood.update(s, -Math.log10(r.nextDouble()), ++n, n * 60_000L); // calibrated surprisal: -log10 of a uniform p-value
        }
        // A lasting change: its short average climbs for many points, so its tail keeps falling.
        int fired = 0;
        int held = 0;
        double lastFired = 0;
        for (int i = 0; i < 10; i++) {
            ++n;
            double logTail = likelihood.logTail(s.surprisal, s.hourly(), 20, n, n * 60_000L, (n - 1) * 60_000L, 1);
            assertTrue(logTail <= AnomalyLikelihood.LOG_RED, "every point of the change is red");
            double tail = AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, logTail));
            if (Math.abs(tail - AnomalyLikelihood.YELLOW) < 1e-12) {
                held++;
                assertTrue(logTail > AnomalyLikelihood.REFIRE_DIGITS * lastFired, "held only while it has not grown enough");
            } else {
                assertTrue(fired == 0 || logTail <= AnomalyLikelihood.REFIRE_DIGITS * lastFired,
                        "fires again only when it has grown " + AnomalyLikelihood.REFIRE_DIGITS + "-fold in digits");
                fired++;
                lastFired = logTail;
            }
        }
        assertTrue(fired >= 1 && fired <= 3, "one detection for one change, and a few more only as it grows: " + fired);
        assertEquals(10 - fired, held);
    }

    /** A red episode ends when the surprise has died down (a tail above one half), not at the first point above the red line. */
    @Test
    void aSurpriseThatDipsOutOfRedWithoutCalmingDownFiresOnce() {
        SeriesState s = new SeriesState(1, false, 0);
        double red = Math.log(1e-7);
        double orange = Math.log(1e-4); // between the red and the yellow line
        double calm = Math.log(0.6); // the short average below its usual level
        assertEquals(7 / 8.0, AnomalyLikelihood.fireOnce(s, red), 1e-12, "the first red point fires");
        assertEquals(AnomalyLikelihood.YELLOW, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, red)), 1e-12);
        assertEquals(1e-4, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, orange)), 1e-12, "not red: shown as it is");
        assertEquals(AnomalyLikelihood.YELLOW, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, red)), 1e-12,
                "red again, but the surprise never calmed down: the same episode");
        assertTrue(s.inRedEpisode);
        assertEquals(0.3, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, Math.log(0.3))), 1e-12);
        assertTrue(s.inRedEpisode, "still above its usual level: the surprise has not died down");
        assertEquals(0.6, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, calm)), 1e-12);
        assertFalse(s.inRedEpisode, "a point with a tail above one half ends the episode");
        assertEquals(7 / 8.0, AnomalyLikelihood.fireOnce(s, red), 1e-12, "a new surprise fires");
    }

    /** An episode whose surprise keeps growing fires again each time it has four times the digits of its last firing. */
    @Test
    void anEpisodeFiresAgainOnlyWhenFarMoreSurprisingThanItsLastFiring() {
        assertEquals(4, AnomalyLikelihood.REFIRE_DIGITS);
        SeriesState s = new SeriesState(1, false, 0);
        double ln10 = Math.log(10);
        assertEquals(7 / 8.0, AnomalyLikelihood.fireOnce(s, -7 * ln10), 1e-12, "the first red point fires");
        assertEquals(AnomalyLikelihood.YELLOW, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, -27 * ln10)), 1e-12,
                "under four times the digits: held");
        assertEquals(29 / 30.0, AnomalyLikelihood.fireOnce(s, -29 * ln10), 1e-12, "more than four times: fires again");
        assertEquals(AnomalyLikelihood.YELLOW, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, -100 * ln10)), 1e-12,
                "measured against the last firing, not the first");
        assertEquals(-29 * ln10, s.lastFiredLogTail, 1e-4);
        AnomalyLikelihood.fireOnce(s, Math.log(0.6));
        assertFalse(s.inRedEpisode);
        assertEquals(0, s.lastFiredLogTail, "nothing is kept outside an episode");
    }

    @Test
    void twoLikelihoodsTurningRedOneAfterTheOtherFireOnce() {
        ScoringConfig config = ScoringConfig.DEFAULT;
        AnomalyLikelihood errors = new AnomalyLikelihood(config);
        AnomalyLikelihood daily = new AnomalyLikelihood(config, 30, false);
        SeriesState s = new SeriesState(1, false, 0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        long n = 0;
        for (int i = 0; i < 2000; i++) {
            n++;
            double a = errors.logTail(s.surprisal, s.hourly(), -Math.log10(r.nextDouble()), n, n * 60_000L, (n - 1) * 60_000L, 1);
            double b = daily.logTail(s.daily.surprisal, null, -Math.log10(r.nextDouble()), n, n * 60_000L, (n - 1) * 60_000L, 1);
            AnomalyLikelihood.fireOnce(s, Math.min(a, b));
        }
        n++;
        double first = errors.logTail(s.surprisal, s.hourly(), 20, n, n * 60_000L, (n - 1) * 60_000L, 1);
        double calm = daily.logTail(s.daily.surprisal, null, 0.4, n, n * 60_000L, (n - 1) * 60_000L, 1);
        assertTrue(AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, Math.min(first, calm))) <= AnomalyLikelihood.RED * (1 + 1e-9), "the errors turn red");
        n++;
        double errorsAfter = errors.logTail(s.surprisal, s.hourly(), 0.4, n, n * 60_000L, (n - 1) * 60_000L, 1);
        double second = daily.logTail(s.daily.surprisal, null, 20, n, n * 60_000L, (n - 1) * 60_000L, 1);
        assertTrue(second <= Math.log(AnomalyLikelihood.RED), "then the daily deviation turns red for the first time");
        assertEquals(AnomalyLikelihood.YELLOW, AnomalyLikelihood.tailOf(AnomalyLikelihood.fireOnce(s, Math.min(errorsAfter, second))), 1e-12,
                "but it is the same run: it does not fire again (a filter per likelihood would fire twice)");
    }

    @Test
    void aSurpriseThatRecursAtTheSameHourEveryDayIsNotAnAnomaly() {
        ScoringConfig config = ScoringConfig.DEFAULT;
        AnomalyLikelihood likelihood = new AnomalyLikelihood(config);
        AnomalyLikelihood without = new AnomalyLikelihood(config.withHourlyBaseline(false));
        SeriesState s = new SeriesState(1, false, 0);
        SeriesState t = new SeriesState(1, false, 0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        double lastJob = 0;
        double lastJobWithout = 0;
        long n = 0;
        for (int day = 0; day < 30; day++) {
            for (int i = 0; i < 288; i++) {
                long ts = day * DAY + i * FIVE_MINUTES;
                // Every night at about 03:00 UTC a job runs and surprises the model for two points.
                int job = 36 + day % 5;
                double x = i >= job && i < job + 2 ? 5 : calm(r);
                n++;
                double a = likelihood.update(s, x, n, ts);
                double b = without.update(t, x, n, ts);
                if (i == job) {
                    lastJob = a;
                    lastJobWithout = b;
                } else if (i > job && i < job + 2) {
                    lastJob = Math.max(lastJob, a);
                    lastJobWithout = Math.max(lastJobWithout, b);
                }
            }
        }
        assertTrue(AnomalyLikelihood.tailOf(lastJobWithout) <= AnomalyLikelihood.RED, "without baselines the job is red every night");
        assertTrue(AnomalyLikelihood.tailOf(lastJob) > AnomalyLikelihood.YELLOW, "with them it is not even yellow by now: tail " + AnomalyLikelihood.tailOf(lastJob));
        // The same surprise at an hour that is usually calm still counts.
        assertTrue(surprise(likelihood, s, n, 30 * DAY + 15 * HOUR) <= Math.log(AnomalyLikelihood.RED));
    }

    @Test
    void oneDaysSurpriseStillCountsTheNextDay() {
        AnomalyLikelihood likelihood = new AnomalyLikelihood(ScoringConfig.DEFAULT.withShortWindow(10)); // three surprising points against a short window of 10
        SeriesState s = new SeriesState(1, false, 0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        long n = 0;
        for (long ts = 0; ts < 10 * DAY; ts += FIVE_MINUTES) {
            likelihood.update(s, calm(r), ++n, ts);
        }
        double first = surprise(likelihood, s, n, 10 * DAY + 15 * HOUR);
        n += 3;
        for (long ts = 10 * DAY + 15 * HOUR + 3 * FIVE_MINUTES; ts < 11 * DAY + 15 * HOUR; ts += FIVE_MINUTES) {
            likelihood.update(s, calm(r), ++n, ts);
        }
        double second = surprise(likelihood, s, n, 11 * DAY + 15 * HOUR);
        assertTrue(first <= Math.log(AnomalyLikelihood.RED), "log tail " + first);
        assertTrue(second <= Math.log(AnomalyLikelihood.RED), "the hour moved only halfway to yesterday's peak: log tail " + second);
        assertTrue(second > first, "but it counts less than the first time: log tails " + first + ", " + second);
    }

    private static final long FIVE_MINUTES = 300_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;

    /** Surprisal as a calibrated model gives it: -log10 of a uniform p-value. */
    private static double calm(java.util.SplittableRandom r) {
        return -Math.log10(r.nextDouble());
    }

    /**
     * Three surprising points from {@code ts} on (the statistics have seen {@code n} updates, the
     * last at {@code s.lastTs}); the smallest log tail probability, before the red-run filter.
     */
    private static double surprise(AnomalyLikelihood likelihood, SeriesState s, long n, long ts) {
        double logTail = 0;
        for (int i = 0; i < 3; i++) {
            long at = ts + i * FIVE_MINUTES;
            logTail = Math.min(logTail, likelihood.logTail(s.surprisal, s.hourly(), 5, n + 1 + i, at, s.lastTs, 1));
            s.lastTs = at;
        }
        return logTail;
    }
}
