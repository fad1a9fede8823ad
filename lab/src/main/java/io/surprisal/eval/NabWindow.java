package io.surprisal.eval;

/**
 * A labelled anomaly window; both limits are timestamps of rows of the series, inclusive.
 *
 * @param startMillis first row's time, epoch milliseconds
 * @param endMillis last row's time, epoch milliseconds
 */
public record NabWindow(long startMillis, long endMillis) {

    public NabWindow {
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("window ends before it starts");
        }
    }

    static NabWindow parse(String start, String end) {
        return new NabWindow(NabTimestamps.parseMillis(start), NabTimestamps.parseMillis(end));
    }
}
