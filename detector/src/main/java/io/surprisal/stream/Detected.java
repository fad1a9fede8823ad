package io.surprisal.stream;

/**
 * What the detect stage emits for one point: its score, or a dead letter (late, duplicate, series-limit); and,
 * when the spec names an events topic, an incident's record beside the score.
 */
public sealed interface Detected permits Detected.Scored, Detected.Event, DeadLetter {

    /** The score record's JSON. */
    record Scored(byte[] json) implements Detected {
    }

    /** An events-topic record: an incident opened, updated or closed ({@link AnomalyEventJson}). */
    record Event(byte[] json) implements Detected {
    }
}
