package io.surprisal.time;

/**
 * Timestamp text that has no epoch millisecond. It carries only the {@link Kind}: each caller words
 * the failure in its own terms (the detector as a dead-letter reason, the CSV reader as a file and line).
 */
public final class UnreadableTimestampException extends Exception {
    /** Why the text has no epoch millisecond. */
    public enum Kind {
        /** Not a timestamp in any shape that is read. */
        MALFORMED,
        /** A well-formed instant too far from 1970 for a long of milliseconds. */
        OUT_OF_RANGE
    }

    private final Kind kind;

    UnreadableTimestampException(Kind kind) {
        super(kind.name(), null, false, false); // thrown per bad record on the detector's path: no stack trace to fill
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
