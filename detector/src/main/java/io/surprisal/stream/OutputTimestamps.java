package io.surprisal.stream;

import java.util.function.LongSupplier;

/**
 * Keeps the timestamps of the records this application writes within what their topics accept.
 *
 * <p>A broker refuses a record whose timestamp lies further before its clock than the topic's
 * {@code message.timestamp.before.max.ms}, or further after it than {@code message.timestamp.after.max.ms}.
 * The input's own timestamps reach every output (scores, dead letters, incidents, the changelogs), so an input
 * the points topic accepted can be refused downstream: a backfill of old points into a points topic without
 * limits, or any input once the application lags behind the limit (a restart after a long outage). Under
 * exactly-once one refused record aborts the whole transaction, and the task then fails on the same input
 * for ever: the pipeline stalls. So a timestamp beyond half a limit is replaced by the time the record is
 * processed; the other half is room for the time a record spends between here and the broker (a repartition
 * topic, producer retries, clocks that differ). The point's own event time, in the score, is never changed.
 *
 * <p>The limits are the strictest over the topics written ({@link TopicTimestampLimits} reads them and
 * keeps them up to date); until they are known, or when they are unlimited, timestamps pass unchanged.
 * Thread-safe: one per instance, shared by its stream threads and exception handlers.
 */
public final class OutputTimestamps {
    private final LongSupplier clock;
    private final DetectorEvents events;
    private volatile long beforeMaxMs = Long.MAX_VALUE;
    private volatile long afterMaxMs = Long.MAX_VALUE;

    public OutputTimestamps(LongSupplier clock, DetectorEvents events) {
        this.clock = clock;
        this.events = events;
    }

    /** Timestamps pass unchanged until {@link #limit} says what the topics accept. */
    public static OutputTimestamps unlimited() {
        return new OutputTimestamps(System::currentTimeMillis, DetectorEvents.NONE);
    }

    /**
     * What the topics written accept now: a timestamp at most {@code beforeMaxMs} before the broker's clock and at
     * most {@code afterMaxMs} after it ({@link Long#MAX_VALUE} for no limit).
     */
    public void limit(long beforeMaxMs, long afterMaxMs) {
        if (beforeMaxMs < 0 || afterMaxMs < 0) {
            throw new IllegalArgumentException("timestamp limits must be >= 0, were " + beforeMaxMs + " and " + afterMaxMs);
        }
        this.beforeMaxMs = beforeMaxMs;
        this.afterMaxMs = afterMaxMs;
    }

    public long beforeMaxMs() {
        return beforeMaxMs;
    }

    public long afterMaxMs() {
        return afterMaxMs;
    }

    /** {@code ts}, or the time now when {@code ts} lies beyond half a limit (counted in {@link DetectorEvents#restamped}). */
    public long stamp(long ts) {
        long before = beforeMaxMs;
        long after = afterMaxMs;
        if (before == Long.MAX_VALUE && after == Long.MAX_VALUE) {
            return ts; // no limits: no clock read on the per-record path
        }
        long now = clock.getAsLong();
        // Halves of the limits cannot overflow: now is far from both ends of a long.
        if (before != Long.MAX_VALUE && ts < now - before / 2 || after != Long.MAX_VALUE && ts > now + after / 2) {
            events.restamped();
            return now;
        }
        return ts;
    }
}
