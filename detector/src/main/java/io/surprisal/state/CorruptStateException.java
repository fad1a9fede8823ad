package io.surprisal.state;

/** Stored bytes that are not a series state this code can read. Never answered with a wrong state. */
public final class CorruptStateException extends RuntimeException {
    public CorruptStateException(String message) {
        super(message);
    }
}
