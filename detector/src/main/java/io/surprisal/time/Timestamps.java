package io.surprisal.time;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads timestamp text into epoch milliseconds, one way for every reader of points: the detector's
 * record parsers and the trainer's CSV history both come here, so a point is learned from at the
 * instant it is scored at. It sits in a package of its own because both the streaming layer and the
 * history readers need it, and history already depends on the streaming layer's parser.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /**
     * Epoch milliseconds of ISO-8601 text with an offset ({@code 2026-11-24T12:00:00Z}), or of a local
     * date-time with 'T' or a space between date and time ({@code 2015-02-01 00:05:00}), read as UTC.
     */
    public static long isoMillis(String text) throws UnreadableTimestampException {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new UnreadableTimestampException(UnreadableTimestampException.Kind.MALFORMED);
            } catch (ArithmeticException | DateTimeException e2) {
                throw new UnreadableTimestampException(UnreadableTimestampException.Kind.OUT_OF_RANGE);
            }
        } catch (ArithmeticException | DateTimeException e) {
            // A valid ISO instant beyond about year +292,278,994 has no epoch millisecond: toEpochMilli
            // throws ArithmeticException (not a DateTimeException), which once killed the stream thread.
            throw new UnreadableTimestampException(UnreadableTimestampException.Kind.OUT_OF_RANGE);
        }
    }
}
