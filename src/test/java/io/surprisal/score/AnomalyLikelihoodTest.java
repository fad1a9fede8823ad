package io.surprisal.score;

import io.surprisal.state.SeriesState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyLikelihoodTest {

    @Test
    void logTailMatchesTheDirectTailAndKeepsGoingWhereItUnderflows() {
        for (double z = -3; z < 30; z += 0.25) {
            double direct = AnomalyLikelihood.upperTail(z);
            if (direct > 1e-300) {
                assertEquals(Math.log(direct), AnomalyLikelihood.logUpperTail(z), 1e-5 * Math.max(1, Math.abs(Math.log(direct))), "z=" + z);
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
            likelihood.update(s, -Math.log10(r.nextDouble()), ++n); // calibrated surprisal: -log10 of a uniform p-value
        }
        int red = 0;
        int yellow = 0;
        for (int i = 0; i < 10; i++) {
            double tail = 1 - likelihood.update(s, 20, ++n);
            if (tail <= AnomalyLikelihood.RED) {
                red++;
            } else if (Math.abs(tail - AnomalyLikelihood.YELLOW) < 1e-12) {
                yellow++;
            }
        }
        assertEquals(1, red, "one detection for one change");
        assertEquals(9, yellow);
    }
}
