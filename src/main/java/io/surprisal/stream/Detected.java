package io.surprisal.stream;

/** What the detect stage emits for one point: its score, or a dead letter (late, duplicate, series-limit). */
public sealed interface Detected permits Detected.Scored, DeadLetter {

    /** The score record's JSON. */
    record Scored(byte[] json) implements Detected {
    }
}
