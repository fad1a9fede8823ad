package io.surprisal.score;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.model.SeasonalModel;
import io.surprisal.state.SeriesState;
import io.surprisal.train.SeasonalFit;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeasonalDeviationTest {
    private static final int PERIOD = 160;
    private static final int HISTORY = 40 * PERIOD;
    /** The cycle whose beat is missing. */
    private static final int SKIPPED = HISTORY + 10 * PERIOD;
    private static final long MINUTE = 60_000;

    /** Beats every PERIOD points; the beat of cycle SKIPPED is missing (the slow wave goes on). */
    private static double[] heart(long seed) {
        Random random = new Random(seed);
        double[] v = new double[HISTORY + 20 * PERIOD];
        for (int i = 0; i < v.length; i++) {
            double phase = (i % PERIOD) / (double) PERIOD;
            double beat = i >= SKIPPED && i < SKIPPED + PERIOD ? 0 : 10 * Math.exp(-Math.pow((phase - 0.3) * 25, 2));
            v[i] = 50 + beat + 2 * Math.sin(2 * Math.PI * phase) + 0.3 * random.nextGaussian();
        }
        return v;
    }

    private static Judgement[] judgements;

    private static double[] scores(Model model, double[] v) {
        Detector detector = new Detector(model, ScoringConfig.DEFAULT);
        SeriesState s = detector.newState();
        ScoreRecord out = new ScoreRecord();
        double[] scores = new double[v.length];
        judgements = new Judgement[v.length];
        for (int i = 0; i < v.length; i++) {
            assertEquals(Outcome.SCORED, detector.update(s, i * MINUTE, v[i], out));
            scores[i] = out.score;
            judgements[i] = out.judgement;
        }
        return scores;
    }

    private static int argmax(double[] a, int from, int to) {
        int best = from;
        for (int i = from; i < to; i++) {
            best = a[i] > a[best] ? i : best;
        }
        return best;
    }

    private static SeasonalModel fitted(double[] v) {
        long[] ts = new long[HISTORY];
        for (int i = 0; i < HISTORY; i++) {
            ts[i] = i * MINUTE;
        }
        SeasonalModel m = SeasonalFit.fit(new SeriesHistory("heart", ts, java.util.Arrays.copyOf(v, HISTORY)));
        assertNotNull(m);
        return m;
    }

    private static double max(double[] a, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    @Test
    void aSkippedBeatIsTheStrongestAnomalyWithThePeriodModel() {
        double[] v = heart(7);
        Model generic = ModelDocument.generic();
        double[] with = scores(generic.withSeasonal(fitted(v), "generic+period"), v);
        double skipped = max(with, SKIPPED, SKIPPED + 2 * PERIOD);
        assertEquals(Judgement.PERIOD, judgements[argmax(with, SKIPPED, SKIPPED + 2 * PERIOD)], "the period model fired");
        double elsewhere = Math.max(max(with, HISTORY, SKIPPED), max(with, SKIPPED + 2 * PERIOD, v.length));
        assertTrue(skipped >= ScoringConfig.DEFAULT.threshold(), "skipped beat scores " + skipped);
        assertTrue(skipped > elsewhere, "skipped beat " + skipped + ", elsewhere up to " + elsewhere);
        double[] without = scores(generic, v);
        double skippedWithout = max(without, SKIPPED, SKIPPED + 2 * PERIOD);
        double elsewhereWithout = Math.max(max(without, HISTORY, SKIPPED), max(without, SKIPPED + 2 * PERIOD, v.length));
        assertTrue(skippedWithout - elsewhereWithout < skipped - elsewhere, "without the period model the skipped beat scores "
                + skippedWithout + ", elsewhere up to " + elsewhereWithout);
    }

    @Test
    void thePeriodModelJudgesOnlyWhenABlockCompletes() {
        double[] v = heart(8);
        SeasonalModel m = fitted(v);
        Detector detector = new Detector(ModelDocument.generic().withSeasonal(m, "generic+period"), ScoringConfig.DEFAULT);
        SeriesState s = detector.newState();
        ScoreRecord out = new ScoreRecord();
        for (int i = 0; i < 3 * PERIOD; i++) {
            detector.update(s, i * MINUTE, v[i], out);
        }
        assertEquals(m.lags(), s.seasonal.capacity());
        assertTrue(s.seasonal.isFull());
        assertEquals((3 * PERIOD) % m.block(), s.seasonal.blockCount);
        assertTrue(s.seasonal.residualVariance > 0);
    }

    @Test
    void withoutAPeriodModelASeriesKeepsNoPeriodMemory() {
        Detector detector = new Detector(ModelDocument.generic(), ScoringConfig.DEFAULT);
        SeriesState s = detector.newState();
        ScoreRecord out = new ScoreRecord();
        double[] v = heart(9);
        for (int i = 0; i < 2 * PERIOD; i++) {
            detector.update(s, i * MINUTE, v[i], out);
        }
        assertEquals(0, s.seasonal.capacity());
        assertEquals(0, s.seasonal.blockCount);
    }
}
