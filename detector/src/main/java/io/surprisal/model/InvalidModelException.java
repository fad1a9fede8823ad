package io.surprisal.model;

/** A model document that must not serve. {@link #reason()} is a short, stable label for metrics. */
public final class InvalidModelException extends Exception {
    private final String reason;

    public InvalidModelException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** One of: malformed, format, checksum, size, non-finite. */
    public String reason() {
        return reason;
    }
}
