package io.surprisal.score;

/** What {@link Detector#update} did with a point. */
public enum Outcome {
    SCORED, LATE, DUPLICATE;

    /** The dead-letter reason for a point that was not scored. */
    public String reason() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
