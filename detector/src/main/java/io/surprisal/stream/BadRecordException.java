package io.surprisal.stream;

/** A record that cannot become points: {@link #reason()} is the dead-letter reason header. */
public final class BadRecordException extends Exception {
    private final String reason;

    public BadRecordException(String reason, String message) {
        super(message, null, false, false); // thrown per bad record: no stack trace to fill
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
