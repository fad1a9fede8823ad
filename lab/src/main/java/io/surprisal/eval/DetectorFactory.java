package io.surprisal.eval;

import io.surprisal.history.SeriesHistory;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes one {@link SeriesScorer} per series. The harness calls {@link #create} from several
 * threads at once, so a factory must be safe for that, and the scorers it makes must not share
 * mutable state: results have to be the same whatever the number of threads.
 */
public interface DetectorFactory {

    /** A short name, e.g. {@code gaussian}; it names the detector in reports. */
    String name();

    /**
     * A fresh scorer for the named series ({@code category/file.csv}). The name is there for
     * seeding and logging only; a detector must not use it to pick per-series settings.
     */
    SeriesScorer create(String seriesName);

    /**
     * A scorer for a series whose first {@code trainEnd} points are known to be anomaly-free (the
     * UCR archive's training prefix), positioned to score point {@code trainEnd}. A detector may
     * learn from that prefix offline, as production learns from a deployment's history; by default
     * the prefix is simply streamed through {@link #create(String)} and its scores discarded.
     */
    default SeriesScorer create(String seriesName, double[] values, long[] timestampsMillis, int trainEnd) {
        SeriesScorer scorer = create(seriesName);
        for (int i = 0; i < trainEnd; i++) {
            scorer.score(timestampsMillis[i], values[i]);
        }
        return scorer;
    }

    /** Every setting that shapes the scores, written into the output folder. */
    Map<String, Object> settings();

    /**
     * Learns from the history of a whole deployment before its series go live: the first points of every
     * series, which the benchmark does not score (NAB's probationary period), as a deployment's trainer learns
     * from the history of all its series. Returns the detector to replay with, whose
     * {@link #create(String, int)} serves what it learnt from each series' go-live point on. By default
     * nothing is learnt.
     */
    default DetectorFactory learnFrom(List<SeriesHistory> history, Consumer<String> progress) {
        return this;
    }

    /**
     * A scorer for a series that goes live at point {@code goLive}: up to it the detector serves what it had
     * before {@link #learnFrom}, from it on what it learnt there, as a running detector picks up a new model.
     */
    default SeriesScorer create(String seriesName, int goLive) {
        return create(seriesName);
    }
}
