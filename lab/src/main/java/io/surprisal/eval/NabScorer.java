package io.surprisal.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores anomaly scores against label windows with the NAB rules: for each profile, one threshold
 * for all files together, chosen by an exhaustive sweep; then each file scored at that threshold.
 */
public final class NabScorer {

    private NabScorer() {
    }

    /** One result per profile, in the order given. */
    public static List<ProfileScore> score(List<ScoredSeries> series, List<CostProfile> profiles) {
        ThresholdSweep sweep = new ThresholdSweep(series);
        List<ProfileScore> results = new ArrayList<>();
        for (CostProfile profile : profiles) {
            results.add(scoreAt(series, profile, sweep.best(profile).threshold()));
        }
        return results;
    }

    /** The NAB result when every row scoring at or above {@code threshold} is a detection. */
    public static ProfileScore scoreAt(List<ScoredSeries> series, CostProfile profile, double threshold) {
        List<FileScore> files = new ArrayList<>();
        for (ScoredSeries one : series) {
            files.add(scoreFile(one, profile, threshold));
        }
        return new ProfileScore(profile, threshold, files);
    }

    private static FileScore scoreFile(ScoredSeries one, CostProfile profile, double threshold) {
        RowCredits credits = one.credits();
        double[] bestCredit = new double[credits.windowCount()];
        Arrays.fill(bestCredit, Double.NaN);
        int falsePositives = 0;
        double fpSum = 0;
        for (int i = credits.probation(); i < one.size(); i++) {
            if (one.score(i) < threshold) {
                continue;
            }
            int window = credits.windowOf(i);
            if (window < 0) {
                falsePositives++;
                fpSum += credits.credit(i);
            } else if (Double.isNaN(bestCredit[window]) || credits.credit(i) > bestCredit[window]) {
                bestCredit[window] = credits.credit(i);
            }
        }
        int windows = 0;
        int detected = 0;
        double windowSum = 0;
        for (int w = 0; w < bestCredit.length; w++) {
            if (!credits.isScorable(w)) {
                continue;
            }
            windows++;
            if (Double.isNaN(bestCredit[w])) {
                windowSum -= profile.fnWeight();
            } else {
                detected++;
                windowSum += Math.max(-profile.fnWeight(), profile.tpWeight() * bestCredit[w]);
            }
        }
        return new FileScore(one.key(), one.category(), windows, detected, falsePositives,
                windowSum + profile.fpWeight() * fpSum);
    }
}
