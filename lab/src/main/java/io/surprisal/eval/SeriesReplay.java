package io.surprisal.eval;

/** Feeds one series through a fresh scorer, row by row in file order, and checks what comes back. */
final class SeriesReplay {

    private SeriesReplay() {
    }

    static double[] replay(DetectorFactory detector, NabSeries series) {
        // A series goes live when the scorer starts counting: what the detector learnt from the history serves from there.
        SeriesScorer scorer = detector.create(series.key(), NabRules.probationLength(series.size()));
        double[] scores = new double[series.size()];
        for (int i = 0; i < scores.length; i++) {
            double score = scorer.score(series.timestampMillis(i), series.value(i));
            if (!(score >= 0.0 && score <= 1.0)) {
                throw new IllegalStateException("detector " + detector.name() + " returned " + score + " for "
                        + series.key() + " row " + (i + 1) + " (" + series.timestampText(i) + "); scores must be in [0, 1]");
            }
            scores[i] = score;
        }
        return scores;
    }
}
