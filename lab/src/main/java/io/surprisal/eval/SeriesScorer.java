package io.surprisal.eval;

/**
 * Scores one series, one point at a time, in the order the points arrive.
 *
 * <p>An implementation may learn from every point it has been given, but never from a point
 * it has not yet seen, and never from labels: the evaluation harness only feeds it data rows.
 */
public interface SeriesScorer {

    /**
     * Consumes the next point of the series and rates how anomalous it is.
     *
     * @param timestampMillis the point's time, epoch milliseconds (UTC); not necessarily increasing
     * @param value the observed value
     * @return an anomaly score in [0, 1], higher meaning more anomalous
     */
    double score(long timestampMillis, double value);
}
