package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FirstDifferenceDetectorTest {

    @Test
    void scoresTheAbsoluteFirstDifferenceMappedIntoTheUnitInterval() {
        SeriesScorer scorer = new FirstDifferenceDetector().create("s");
        assertEquals(0.0, scorer.score(0, 5));
        assertEquals(0.5, scorer.score(1, 6));
        assertEquals(0.75, scorer.score(2, 3));
        assertEquals(0.0, scorer.score(3, 3));
        assertEquals(1.0, scorer.score(4, Double.MAX_VALUE));
        assertEquals(1.0, scorer.score(5, -Double.MAX_VALUE), "an infinite difference");
    }

    @Test
    void keepsTheOrderOfTheDifferences() {
        SeriesScorer scorer = new FirstDifferenceDetector().create("s");
        scorer.score(0, 0);
        double small = scorer.score(1, 0.001);
        double medium = scorer.score(2, 10.001);
        double large = scorer.score(3, 1010.001);
        assertTrue(0 < small && small < medium && medium < large && large < 1, small + " " + medium + " " + large);
    }

    @Test
    void thePrefixSuppliesThePreviousValue() {
        SeriesScorer scorer = new FirstDifferenceDetector().create("s", new double[] {1, 2, 4, 100}, new long[4], 3);
        assertEquals(96.0 / 97.0, scorer.score(3, 100), 1e-15);
        assertEquals("diff", new FirstDifferenceDetector().name());
    }
}
