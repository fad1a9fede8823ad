package io.surprisal.score;

/** What happens to a point that is not newer than the series' newest point. */
public enum OrderPolicy {
    /**
     * Production default: a point older than the newest one ("late") and an exact re-send (same
     * timestamp, same value: "duplicate") are not scored; the caller routes them to the dead-letter
     * topic with that reason. A point with the newest timestamp but another value is scored.
     */
    STRICT,
    /** Every point is scored in arrival order; a step back in time counts as a zero interval. */
    ARRIVAL
}
