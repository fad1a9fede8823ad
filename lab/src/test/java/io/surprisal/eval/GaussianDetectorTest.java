package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianDetectorTest {

    @Test
    void reproducesNabsPublishedScoresForTheFirstNycTaxiRows() {
        // NAB results/windowedGaussian/realKnownCause/windowedGaussian_nyc_taxi.csv, rows 1-4.
        SeriesScorer scorer = new GaussianDetector().create("realKnownCause/nyc_taxi.csv");
        assertEquals(0.0, scorer.score(0, 10844));
        assertEquals(0.0, scorer.score(1, 8127), 1e-12);
        assertEquals(0.00795191207566, scorer.score(2, 6210), 1e-12);
        assertEquals(0.0246519088861, scorer.score(3, 4656), 1e-12);
    }

    @Test
    void scoresHighAboveTheMeanNearOneAndFarBelowNearZero() {
        SeriesScorer scorer = new GaussianDetector().create("s");
        for (int i = 0; i < 200; i++) {
            scorer.score(i, i % 2 == 0 ? 9.0 : 11.0);
        }
        assertTrue(scorer.score(200, 30.0) > 0.999);
        assertTrue(scorer.score(201, -10.0) < 0.001);
    }

    @Test
    void onceFullTheWindowMovesOnlyEveryStepPoints() {
        SeriesScorer scorer = new GaussianDetector(2, 2).create("s");
        scorer.score(0, 0.0);
        scorer.score(1, 2.0); // window {0, 2}: mean 1, std 1
        assertTrue(scorer.score(2, 100.0) > 0.999); // buffered, window unchanged
        assertEquals(0.5, scorer.score(3, 1.0), 1e-12); // still mean 1; now the window becomes {100, 1}
        assertEquals(0.5, scorer.score(4, 50.5), 1e-12);
    }

    @Test
    void constantSeriesScoresAHalfOnItsOwnValue() {
        SeriesScorer scorer = new GaussianDetector().create("s");
        scorer.score(0, 5.0);
        scorer.score(1, 5.0);
        assertEquals(0.5, scorer.score(2, 5.0), 1e-12);
    }
}
