package io.surprisal.eval;

import java.util.List;

/** One file's anomaly scores together with where its label windows lie: the scorer's input. */
public final class ScoredSeries {

    private final String key;
    private final String category;
    private final RowCredits credits;
    private final double[] scores;

    private ScoredSeries(String key, String category, RowCredits credits, double[] scores) {
        this.key = key;
        this.category = category;
        this.credits = credits;
        this.scores = scores;
    }

    /**
     * @param scores one anomaly score per row of the series, in row order, each in [0, 1]
     */
    public static ScoredSeries of(NabSeries series, List<NabWindow> windows, double[] scores) {
        if (scores.length != series.size()) {
            throw new IllegalArgumentException(series.key() + ": " + scores.length + " scores for "
                    + series.size() + " rows");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0.0 && scores[i] <= 1.0)) {
                throw new IllegalArgumentException(series.key() + " row " + (i + 1) + ": anomaly score "
                        + scores[i] + " is not in [0, 1]");
            }
        }
        return new ScoredSeries(series.key(), series.category(),
                RowCredits.of(series.timestampsMillis(), windows), scores.clone());
    }

    public String key() {
        return key;
    }

    public String category() {
        return category;
    }

    RowCredits credits() {
        return credits;
    }

    double score(int row) {
        return scores[row];
    }

    int size() {
        return scores.length;
    }
}
