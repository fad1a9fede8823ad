package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RcfDetectorTest {

    private static double[] run(RcfDetector detector, String name, double[] values) {
        SeriesScorer scorer = detector.create(name);
        double[] scores = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            scores[i] = scorer.score(i * 60_000L, values[i]);
        }
        return scores;
    }

    private static double[] noisyWithSpikeAt(int spike) {
        Random random = new Random(7);
        double[] values = new double[spike + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + random.nextGaussian();
        }
        values[spike] = 60;
        return values;
    }

    @Test
    void scoresAreInTheUnitIntervalAndASpikeStandsOut() {
        double[] scores = run(new RcfDetector(), "s", noisyWithSpikeAt(500));
        double typical = 0;
        for (int i = 0; i < scores.length; i++) {
            assertTrue(scores[i] >= 0 && scores[i] <= 1, "row " + i + ": " + scores[i]);
            typical = Math.max(typical, i >= 300 && i < 500 ? scores[i] : 0);
        }
        assertTrue(scores[500] > typical, scores[500] + " vs " + typical);
    }

    @Test
    void sameSeriesNameGivesTheSameScores() {
        double[] values = noisyWithSpikeAt(300);
        assertArrayEquals(run(new RcfDetector(), "a/b.csv", values), run(new RcfDetector(), "a/b.csv", values));
    }

    @Test
    void settingsReportTheLibraryDefaults() {
        var settings = new RcfDetector().settings();
        assertEquals(1, settings.get("shingleSize"));
        assertEquals("SCALED_SCORE", settings.get("scoreMapping"));
    }
}
