package io.surprisal.stream;

import io.surprisal.score.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The limits every format applies to a point, with the same reasons and messages whatever the
 * format: series id length, timestamp range, finite values within {@code input.maxAbsValue}.
 */
final class PointChecks {
    private final TopologySpec.Input input;
    private final long minTs;
    private final long maxFutureMs;
    private final double maxAbsValue;
    private final LongSupplier clock;

    PointChecks(TopologySpec.Input input, LongSupplier clock) {
        this.input = input;
        this.minTs = Instant.parse(input.minTimestamp).toEpochMilli();
        this.maxFutureMs = Duration.parse(input.maxFutureSkew).toMillis();
        this.maxAbsValue = input.maxAbsValue > 0 ? input.maxAbsValue : Double.POSITIVE_INFINITY;
        this.clock = clock;
    }

    String series(String id) throws BadRecordException {
        if (id.isBlank() || id.length() > PointParser.MAX_SERIES_LENGTH) {
            throw badSeries();
        }
        return id;
    }

    /** For a format that knows an id will be too long before building it. */
    static BadRecordException badSeries() {
        return new BadRecordException("bad-series", "series id must be 1.." + PointParser.MAX_SERIES_LENGTH
                + " characters, not blank");
    }

    long timestamp(long ts) throws BadRecordException {
        long now = clock.getAsLong();
        if (ts < minTs || ts > now + maxFutureMs) {
            throw new BadRecordException("timestamp-out-of-range", "timestamp " + ts + " ms is before " + input.minTimestamp
                    + " or more than " + input.maxFutureSkew + " in the future");
        }
        return ts;
    }

    /** Whether {@link #value} would accept {@code v}: lets a caller build the field name only on failure. */
    boolean acceptable(double v) {
        return Double.isFinite(v) && Math.abs(v) <= maxAbsValue;
    }

    double value(double v, String field) throws BadRecordException {
        if (!Double.isFinite(v)) {
            throw new BadRecordException("non-finite-value", "field '" + field + "' is " + v);
        }
        if (Math.abs(v) > maxAbsValue) {
            // One such point would overflow the series' running variance and blind it for good.
            throw new BadRecordException(Outcome.VALUE_OUT_OF_RANGE.reason(), "field '" + field + "' is " + v + ", beyond ±" + maxAbsValue);
        }
        return v;
    }
}
