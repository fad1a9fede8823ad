package io.surprisal.stream;

/**
 * One validated measurement of one series, with where it came from (for dead letters downstream).
 *
 * @param series    series id
 * @param ts        epoch milliseconds
 * @param value     a finite number
 * @param partition source partition of the input record
 * @param offset    source offset of the input record
 * @param tags      values of the spec's {@code input.tags}, in their order (null for one the record lacks); empty without
 */
public record Point(String series, long ts, double value, int partition, long offset, java.util.List<String> tags) {
    public Point(String series, long ts, double value, int partition, long offset) {
        this(series, ts, value, partition, offset, java.util.List.of());
    }
}
