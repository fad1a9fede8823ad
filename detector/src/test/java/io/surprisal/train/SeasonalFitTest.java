package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.SeasonalModel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeasonalFitTest {

    /** A beat every {@code period} points: a sharp peak, a slow wave, noise. */
    static double[] beats(int period, int n, double noise, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double phase = (i % period) / (double) period;
            v[i] = 50 + 10 * Math.exp(-Math.pow((phase - 0.3) * 25, 2)) + 2 * Math.sin(2 * Math.PI * phase)
                    + noise * random.nextGaussian();
        }
        return v;
    }

    static SeriesHistory history(double[] v) {
        long[] ts = new long[v.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 60_000L * i;
        }
        return new SeriesHistory("s", ts, v);
    }

    @Test
    void findsThePeriodOfARhythm() {
        for (int period : new int[]{24, 100, 450}) {
            int found = SeasonalFit.period(beats(period, 20 * period, 0.3, 1));
            assertTrue(Math.abs(found - period) <= 1, "period " + period + " found as " + found);
        }
    }

    @Test
    void spansOnePeriodInAbout32Blocks() {
        SeasonalModel m = SeasonalFit.fit(history(beats(200, 6000, 0.3, 2)));
        assertNotNull(m);
        assertEquals(200, m.period(), 1);
        assertEquals(6, m.block());
        assertEquals(33, m.lags(), 1);
    }

    @Test
    void predictsARegularRhythmWithinItsNoise() {
        SeasonalModel m = SeasonalFit.fit(history(beats(64, 6400, 0.2, 3)));
        assertNotNull(m);
        // block means of 2 points of noise 0.2 on a spread of about 3.4: about 0.04 in normalised units
        assertTrue(m.residualStd() < 0.08, "residual " + m.residualStd());
    }

    @Test
    void needsFourPeriodsOfAVaryingHistory() {
        assertNull(SeasonalFit.fit(history(beats(500, 1500, 0.3, 4))));
        assertNull(SeasonalFit.fit(history(new double[5000])));
        assertNull(SeasonalFit.fit(history(new double[]{1, 2, 3})));
    }

    @Test
    void isDeterministic() {
        SeriesHistory h = history(beats(90, 5000, 0.5, 5));
        assertEquals(SeasonalFit.fit(h), SeasonalFit.fit(h));
    }
}
