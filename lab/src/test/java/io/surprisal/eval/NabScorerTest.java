package io.surprisal.eval;

import static io.surprisal.eval.TestSeries.detectionsAt;
import static io.surprisal.eval.TestSeries.series;
import static io.surprisal.eval.TestSeries.windows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed NAB cases on 100-row files: probation is floor(0.15 × 100) = 15 rows, and the
 * window of rows 40..49 is 10 rows wide. S(x) = 2/(1+e^(5x)) − 1; S(−1) = 0.98661429815.
 */
class NabScorerTest {

    private static final CostProfile STANDARD = CostProfile.nabDefaults().get(0);
    private static final int ROWS = 100;
    private static final double EPS = 1e-12;

    private static FileScore scoreAtHalf(double[] scores, int... windowRows) {
        NabSeries file = series("cat/a.csv", ROWS);
        ScoredSeries scored = ScoredSeries.of(file, windows(file, windowRows), scores);
        return NabScorer.scoreAt(List.of(scored), STANDARD, 0.5).files().get(0);
    }

    @Test
    void detectionAtWindowStartEarnsTheFullTruePositiveWeight() {
        FileScore score = scoreAtHalf(detectionsAt(ROWS, 40), 40, 49);
        assertEquals(1.0, score.raw(), EPS);
        assertEquals(1, score.detectedWindows());
        assertEquals(0, score.falsePositives());
    }

    @Test
    void detectionAtWindowEndEarnsSOfMinusOneTenthOverSOfMinusOne() {
        // p = -(49 - 49 + 1) / 10 = -0.1; S(-0.1) / S(-1) = 0.24491866 / 0.98661430
        assertEquals(0.24824154977542992, scoreAtHalf(detectionsAt(ROWS, 49), 40, 49).raw(), EPS);
    }

    @Test
    void onlyTheEarliestDetectionInAWindowCounts() {
        // Row 41: p = -0.9, S(-0.9)/S(-1) = 0.99129530; row 45 adds nothing.
        FileScore score = scoreAtHalf(detectionsAt(ROWS, 45, 41), 40, 49);
        assertEquals(0.9912952980422967, score.raw(), EPS);
        assertEquals(0, score.falsePositives());
    }

    @Test
    void missedWindowCostsTheFalseNegativeWeight() {
        FileScore score = scoreAtHalf(detectionsAt(ROWS), 40, 49);
        assertEquals(-1.0, score.raw(), EPS);
        assertEquals(1, score.missedWindows());
    }

    @Test
    void falsePositiveWithNoWindowBeforeItCostsTheFullFalsePositiveWeight() {
        // Row 30 precedes the only window: S = -1, so -0.11; plus the missed window.
        FileScore score = scoreAtHalf(detectionsAt(ROWS, 30), 60, 69);
        assertEquals(-1.11, score.raw(), EPS);
        assertEquals(1, score.falsePositives());
    }

    @Test
    void falsePositiveFarAfterAWindowCostsTheFullFalsePositiveWeight() {
        // q = (77 - 49) / (10 - 1) = 3.11 > 3, so S = -1 exactly.
        assertEquals(1.0 - 0.11, scoreAtHalf(detectionsAt(ROWS, 40, 77), 40, 49).raw(), EPS);
    }

    @Test
    void falsePositiveJustAfterAWindowIsCheap() {
        // q = (50 - 49) / 9 = 1/9; 0.11 × S(1/9) = -0.02979318; plus the missed window.
        assertEquals(-1.0297931830368394, scoreAtHalf(detectionsAt(ROWS, 50), 40, 49).raw(), EPS);
    }

    @Test
    void everyFalsePositiveIsWeightedSeparately() {
        assertEquals(1.0 - 3 * 0.11, scoreAtHalf(detectionsAt(ROWS, 40, 80, 81, 82), 40, 49).raw(), EPS);
    }

    @Test
    void detectionsInTheProbationPeriodAreIgnored() {
        // Rows 0..14 are probation; row 14 is ignored, row 15 is a false positive.
        FileScore ignored = scoreAtHalf(detectionsAt(ROWS, 3, 14, 40), 40, 49);
        assertEquals(1.0, ignored.raw(), EPS);
        assertEquals(0, ignored.falsePositives());
        FileScore counted = scoreAtHalf(detectionsAt(ROWS, 15, 40), 40, 49);
        assertEquals(1.0 - 0.11, counted.raw(), EPS);
    }

    @Test
    void windowWhollyInProbationIsLeftOutLikeNabsSweeperDoes() {
        FileScore score = scoreAtHalf(detectionsAt(ROWS), 2, 8);
        assertEquals(0, score.windows());
        assertEquals(0.0, score.raw(), EPS);
    }

    @Test
    void sweepPicksTheThresholdWithTheBestTotal() {
        NabSeries file = series("cat/a.csv", ROWS);
        double[] scores = new double[ROWS];
        java.util.Arrays.fill(scores, 0.1);
        scores[90] = 0.9; // a far false positive
        scores[40] = 0.8; // the window's first row
        ScoredSeries scored = ScoredSeries.of(file, windows(file, 40, 49), scores);

        ProfileScore best = NabScorer.score(List.of(scored), List.of(STANDARD)).get(0);

        // none: -1; >= 0.9: -1.11; >= 0.8: 1 - 0.11 = 0.89; >= 0.1: 1 plus ~75 false positives.
        assertEquals(0.8, best.threshold());
        assertEquals(0.89, best.raw(), EPS);
    }

    @Test
    void sweepChoosesNoDetectionWhenEveryThresholdLoses() {
        NabSeries file = series("cat/a.csv", ROWS);
        ScoredSeries scored = ScoredSeries.of(file, windows(file, 40, 49), detectionsAt(ROWS, 90));
        ProfileScore best = NabScorer.score(List.of(scored), List.of(STANDARD)).get(0);
        assertEquals(Double.POSITIVE_INFINITY, best.threshold());
        assertEquals(-1.0, best.raw(), EPS);
    }

    @Test
    void oneThresholdServesAllFiles() {
        // File a wants 0.9 or lower, file b is hurt by anything below 0.7: 0.7 is best overall.
        NabSeries a = series("cat/a.csv", ROWS);
        NabSeries b = series("cat/b.csv", ROWS);
        double[] scoresA = new double[ROWS];
        scoresA[40] = 0.7;
        double[] scoresB = new double[ROWS];
        scoresB[60] = 0.9;
        scoresB[80] = 0.5;
        List<ScoredSeries> files = List.of(
                ScoredSeries.of(a, windows(a, 40, 49), scoresA),
                ScoredSeries.of(b, windows(b, 60, 69), scoresB));
        ProfileScore best = NabScorer.score(files, List.of(STANDARD)).get(0);
        assertEquals(0.7, best.threshold());
        assertEquals(2.0, best.raw(), EPS);
    }

    @Test
    void nullDetectorScoresZeroAndPerfectDetectorScoresHundred() {
        NabSeries a = series("cat/a.csv", ROWS);
        NabSeries b = series("cat/b.csv", ROWS);
        List<NabWindow> windowsA = windows(a, 40, 49);
        List<NabWindow> windowsB = windows(b, 30, 39, 70, 79);
        List<CostProfile> profiles = CostProfile.nabDefaults();

        List<ProfileScore> nothing = NabScorer.score(List.of(
                ScoredSeries.of(a, windowsA, new double[ROWS]),
                ScoredSeries.of(b, windowsB, new double[ROWS])), profiles);
        List<ProfileScore> perfect = NabScorer.score(List.of(
                ScoredSeries.of(a, windowsA, detectionsAt(ROWS, 40)),
                ScoredSeries.of(b, windowsB, detectionsAt(ROWS, 30, 70))), profiles);

        for (int p = 0; p < profiles.size(); p++) {
            assertEquals(0.0, nothing.get(p).normalised(), EPS, profiles.get(p).name());
            assertEquals(100.0, perfect.get(p).normalised(), EPS, profiles.get(p).name());
            assertEquals(-3 * profiles.get(p).fnWeight(), nothing.get(p).nullScore(), EPS);
            assertEquals(3 * profiles.get(p).tpWeight(), perfect.get(p).perfectScore(), EPS);
        }
    }

    @Test
    void categoryScoresAreNormalisedOverTheirOwnWindows() {
        NabSeries a = series("one/a.csv", ROWS);
        NabSeries b = series("two/b.csv", ROWS);
        ProfileScore all = NabScorer.scoreAt(List.of(
                ScoredSeries.of(a, windows(a, 40, 49), detectionsAt(ROWS, 40)),
                ScoredSeries.of(b, windows(b, 40, 49), detectionsAt(ROWS))), STANDARD, 0.5);
        assertEquals(100.0, all.category("one").normalised(), EPS);
        assertEquals(0.0, all.category("two").normalised(), EPS);
        assertEquals(50.0, all.normalised(), EPS);
    }
}
