package io.surprisal.history;

/** One series' raw history, oldest first, as the trainer receives it (from Kafka, CSV or a generator). */
public record SeriesHistory(String id, long[] timestamps, double[] values) {
    public SeriesHistory {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("series " + id + ": " + timestamps.length + " timestamps but "
                    + values.length + " values");
        }
    }

    public int size() {
        return values.length;
    }
}
