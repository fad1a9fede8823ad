package io.surprisal.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Finds the one threshold, shared by all files, that maximises the total raw NAB score: an
 * exhaustive sweep over every distinct score value in O(n log n).
 *
 * <p>Rows are sorted by score, highest first, and made detections one group of equal scores at a
 * time, which is exactly lowering the threshold to that score. Each window keeps the best credit of
 * its detections so far (the earliest detection has the best credit), and false positives add up in
 * a running sum, so the total after each group costs O(1) to update rather than a full re-score.
 */
final class ThresholdSweep {

    private final double[] scores;
    private final int[] windows;
    private final double[] credits;
    private final int windowIds;
    private final int scorableWindows;

    ThresholdSweep(List<ScoredSeries> series) {
        int rows = 0;
        int ids = 0;
        int scorable = 0;
        for (ScoredSeries one : series) {
            rows += one.size() - Math.min(one.size(), one.credits().probation());
            ids += one.credits().windowCount();
            scorable += one.credits().scorableWindowCount();
        }
        double[] rawScores = new double[rows];
        int[] rawWindows = new int[rows];
        double[] rawCredits = new double[rows];
        int row = 0;
        int offset = 0;
        for (ScoredSeries one : series) {
            RowCredits credits = one.credits();
            for (int i = credits.probation(); i < one.size(); i++) {
                rawScores[row] = one.score(i);
                rawWindows[row] = credits.windowOf(i) < 0 ? -1 : offset + credits.windowOf(i);
                rawCredits[row] = credits.credit(i);
                row++;
            }
            offset += credits.windowCount();
        }
        int[] order = IntStream.range(0, rows).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> rawScores[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
        this.scores = new double[rows];
        this.windows = new int[rows];
        this.credits = new double[rows];
        for (int k = 0; k < rows; k++) {
            scores[k] = rawScores[order[k]];
            windows[k] = rawWindows[order[k]];
            credits[k] = rawCredits[order[k]];
        }
        this.windowIds = ids;
        this.scorableWindows = scorable;
    }

    /**
     * The best threshold for a profile; on a tie the highest threshold wins, as in NAB. A threshold
     * of +infinity means that no row at all should be a detection.
     */
    Result best(CostProfile profile) {
        double[] bestCredit = new double[windowIds];
        Arrays.fill(bestCredit, Double.NaN);
        double windowSum = -profile.fnWeight() * scorableWindows;
        double fpSum = 0;
        double bestThreshold = Double.POSITIVE_INFINITY;
        double bestTotal = windowSum;
        int k = 0;
        while (k < scores.length) {
            double threshold = scores[k];
            for (; k < scores.length && scores[k] == threshold; k++) {
                int window = windows[k];
                if (window < 0) {
                    fpSum += credits[k];
                } else if (Double.isNaN(bestCredit[window]) || credits[k] > bestCredit[window]) {
                    double before = contribution(profile, bestCredit[window]);
                    bestCredit[window] = credits[k];
                    windowSum += contribution(profile, bestCredit[window]) - before;
                }
            }
            double total = windowSum + profile.fpWeight() * fpSum;
            if (total > bestTotal) {
                bestTotal = total;
                bestThreshold = threshold;
            }
        }
        return new Result(bestThreshold, bestTotal);
    }

    /** A window's part of the score: missed costs fnW; hit earns tpW × its best credit (NAB keeps the larger). */
    private static double contribution(CostProfile profile, double bestCredit) {
        double missed = -profile.fnWeight();
        return Double.isNaN(bestCredit) ? missed : Math.max(missed, profile.tpWeight() * bestCredit);
    }

    record Result(double threshold, double rawScore) {
    }
}
