package io.surprisal.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Ground truth for one injected anomaly: the points of {@code series} with timestamps in
 * {@code [startTs, endTs]} (both inclusive) are the ones it changed.
 *
 * <p>A spike is one point, so {@code startTs == endTs}. A stuck value or a noise burst covers every point it
 * altered; the first normal point after it may look surprising too, so an evaluator should allow a little
 * slack after {@code endTs}. A level shift is permanent: its window is the first points at the new
 * level, the time in which a detector should notice the change.
 */
public record InjectedAnomaly(String series, AnomalyKind kind, Instant startTs, Instant endTs) {

    public InjectedAnomaly {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(kind, "kind");
        if (endTs.isBefore(startTs)) {
            throw new IllegalArgumentException("endTs " + endTs + " before startTs " + startTs);
        }
    }

    /** Whether {@code ts} falls in the window, widened by {@code slack} on both sides. */
    public boolean covers(Instant ts, Duration slack) {
        return !ts.isBefore(startTs.minus(slack)) && !ts.isAfter(endTs.plus(slack));
    }
}
