package io.surprisal.stream;

/**
 * One validated measurement of one series, with where it came from (for dead letters downstream).
 *
 * @param series    series id
 * @param ts        epoch milliseconds
 * @param value     a finite number
 * @param partition source partition of the input record
 * @param offset    source offset of the input record
 */
public record Point(String series, long ts, double value, int partition, long offset) {
}
