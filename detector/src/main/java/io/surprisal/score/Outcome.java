package io.surprisal.score;

/** What happened to a point offered to the detector. */
public enum Outcome {
    SCORED,
    /** Older than its series' newest point (under {@link OrderPolicy#STRICT}). */
    LATE,
    /** The same timestamp and value as its series' newest point: a producer's retry. */
    DUPLICATE,
    /** Beyond ±{@link Detector#MAX_ABS_VALUE}: its square would overflow the series' single-precision statistics. */
    VALUE_OUT_OF_RANGE;

    /** The dead-letter reason for a point that was not scored: the name in lower case, words joined by hyphens. */
    public String reason() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
