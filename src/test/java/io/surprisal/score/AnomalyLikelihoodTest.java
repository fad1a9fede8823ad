package io.surprisal.score;

import io.surprisal.state.SeriesState;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void aRunOfRedPointsFiresOnce() {
        ScoringConfig config = ScoringConfig.DEFAULT;
        AnomalyLikelihood likelihood = new AnomalyLikelihood(config);
        SeriesState s = new SeriesState(1, false, 0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        long n = 0;
        for (int i = 0; i < 2000; i++) {
            likelihood.update(s, -Math.log10(r.nextDouble()), ++n, n * 60_000L); // calibrated surprisal: -log10 of a uniform p-value
        }
        int red = 0;
        int yellow = 0;
        for (int i = 0; i < 10; i++) {
            double tail = 1 - likelihood.update(s, 20, ++n, n * 60_000L);
            if (tail <= AnomalyLikelihood.RED) {
                red++;
            } else if (Math.abs(tail - AnomalyLikelihood.YELLOW) < 1e-12) {
                yellow++;
            }
        }
        assertEquals(1, red, "one detection for one change");
        assertEquals(9, yellow);
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
            double a = errors.logTail(s.surprisal, s.hourly(), -Math.log10(r.nextDouble()), n, n * 60_000L);
            double b = daily.logTail(s.daily.surprisal, null, -Math.log10(r.nextDouble()), n, n * 60_000L);
            AnomalyLikelihood.fireOnce(s, Math.min(a, b));
        }
        n++;
        double first = errors.logTail(s.surprisal, s.hourly(), 20, n, n * 60_000L);
        double calm = daily.logTail(s.daily.surprisal, null, 0.4, n, n * 60_000L);
        assertTrue(1 - AnomalyLikelihood.fireOnce(s, Math.min(first, calm)) <= AnomalyLikelihood.RED, "the errors turn red");
        n++;
        double errorsAfter = errors.logTail(s.surprisal, s.hourly(), 0.4, n, n * 60_000L);
        double second = daily.logTail(s.daily.surprisal, null, 20, n, n * 60_000L);
        assertTrue(second <= Math.log(AnomalyLikelihood.RED), "then the daily deviation turns red for the first time");
        assertEquals(AnomalyLikelihood.YELLOW, 1 - AnomalyLikelihood.fireOnce(s, Math.min(errorsAfter, second)), 1e-12,
                "but it is the same run: it does not fire again (a filter per likelihood would fire twice)");
    }

    @Test
    void aSurpriseThatRecursAtTheSameHourEveryDayCountsFarLess() {
        ScoringConfig config = ScoringConfig.DEFAULT;
        AnomalyLikelihood likelihood = new AnomalyLikelihood(config);
        AnomalyLikelihood without = new AnomalyLikelihood(config.withHourlyBaseline(false));
        SeriesState s = new SeriesState(1, false, 0);
        SeriesState t = new SeriesState(1, false, 0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        long fiveMinutes = 300_000L;
        double lastNine = 0;
        double lastNineWithout = 0;
        long n = 0;
        for (int day = 0; day < 30; day++) {
            for (int i = 0; i < 288; i++) {
                long ts = day * 86_400_000L + i * fiveMinutes;
                // Every morning at 09:00 UTC the series jumps and surprises the model for a few points.
                double x = i >= 108 && i < 111 ? 5 : -Math.log10(r.nextDouble());
                n++;
                double a = likelihood.update(s, x, n, ts);
                double b = without.update(t, x, n, ts);
                if (i == 108) {
                    lastNine = a;
                    lastNineWithout = b;
                } else if (i > 108 && i < 111) {
                    lastNine = Math.max(lastNine, a);
                    lastNineWithout = Math.max(lastNineWithout, b);
                }
            }
        }
        assertTrue(1 - lastNineWithout <= AnomalyLikelihood.RED, "without baselines nine o'clock is red every day");
        // The hour's baseline is the average over the whole hour, so a three-point event is damped, not erased.
        assertTrue((1 - lastNine) > 1000 * (1 - lastNineWithout), "with them it is much less unusual by now: tail "
                + (1 - lastNine) + " vs " + (1 - lastNineWithout));
        // The same surprise at a calm hour still counts.
        long ts = 30 * 86_400_000L + 15 * 3_600_000L;
        double calm = 0;
        for (int i = 0; i < 3; i++) {
            calm = Math.max(calm, likelihood.update(s, 5, ++n, ts + i * fiveMinutes));
        }
        assertTrue(1 - calm <= AnomalyLikelihood.RED, "at 15:00: tail " + (1 - calm));
    }
}
