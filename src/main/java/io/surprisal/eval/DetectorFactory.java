package io.surprisal.eval;

import java.util.Map;

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

    /** Every setting that shapes the scores, written into the output folder. */
    Map<String, Object> settings();
}
