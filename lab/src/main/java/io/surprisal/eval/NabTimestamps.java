package io.surprisal.eval;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * NAB's timestamps: {@code YYYY-MM-DD HH:MM:SS} in data rows and
 * {@code YYYY-MM-DD HH:MM:SS.ffffff} in window limits, without a zone; read as UTC.
 */
final class NabTimestamps {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private NabTimestamps() {
    }

    /**
     * @return epoch milliseconds
     * @throws IllegalArgumentException if the text is not a NAB timestamp, or is finer than a millisecond
     */
    static long parseMillis(String text) {
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(text.trim(), FORMAT);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp of the form YYYY-MM-DD HH:MM:SS[.ffffff]: '" + text + "'");
        }
        if (time.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("timestamp finer than a millisecond: '" + text + "'");
        }
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
