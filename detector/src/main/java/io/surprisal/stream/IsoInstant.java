package io.surprisal.stream;

import java.nio.charset.StandardCharsets;

/**
 * The common shape of an ISO-8601 timestamp, {@code 2026-11-24T12:00:00Z} with an optional fraction of
 * up to nine digits, read without java.time: {@link PointParser#parseInstant} allocates a couple of
 * kilobytes per call (formatter state, a parsed object, an OffsetDateTime). Anything else (offsets,
 * no zone, a leap second, lower-case letters, an impossible date) answers {@link #NOT_SIMPLE}, and
 * the caller falls back to parseInstant, so the two always agree.
 */
final class IsoInstant {
    static final long NOT_SIMPLE = Long.MIN_VALUE;

    private IsoInstant() {
    }

    /** Epoch milliseconds of ISO-8601 text: quickly in the common shape, else as {@link PointParser#parseInstant} reads it. */
    static long millis(char[] c, int from, int to) throws BadRecordException {
        long ms = parseUtcMillis(c, from, to);
        return ms != NOT_SIMPLE ? ms : PointParser.parseInstant(new String(c, from, to - from));
    }

    /**
     * The same for text a parser already holds as a string (a JSON, Avro or Protobuf field): its characters are
     * copied into a small array, which costs far less than java.time's parse.
     */
    static long millis(String text) throws BadRecordException {
        int len = text.length();
        if (len >= MIN_LENGTH && len <= MAX_LENGTH) {
            char[] c = new char[len];
            text.getChars(0, len, c, 0);
            long ms = parseUtcMillis(c, 0, len);
            if (ms != NOT_SIMPLE) {
                return ms;
            }
        }
        return PointParser.parseInstant(text);
    }

    /**
     * The same for ASCII text in a record's bytes, copied into {@code scratch} (a text longer than it is not the common
     * shape, and goes to {@link PointParser#parseInstant} whole).
     */
    static long millis(byte[] ascii, int from, int to, char[] scratch) throws BadRecordException {
        int length = to - from;
        if (length > scratch.length) {
            return PointParser.parseInstant(new String(ascii, from, length, StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < length; i++) {
            scratch[i] = (char) ascii[from + i];
        }
        return millis(scratch, 0, length);
    }

    /** Lengths of the common shape: seconds and 'Z' (20), up to nine fraction digits (30). */
    private static final int MIN_LENGTH = 20;
    private static final int MAX_LENGTH = 30;

    /** Epoch milliseconds (rounded down, as Instant#toEpochMilli) of {@code c[from, to)}, or {@link #NOT_SIMPLE}. */
    static long parseUtcMillis(char[] c, int from, int to) {
        int len = to - from;
        if (len < MIN_LENGTH || len > MAX_LENGTH || c[from + 4] != '-' || c[from + 7] != '-' || c[from + 10] != 'T'
                || c[from + 13] != ':' || c[from + 16] != ':' || c[to - 1] != 'Z') {
            return NOT_SIMPLE;
        }
        int year = digits(c, from, 4);
        int month = digits(c, from + 5, 2);
        int day = digits(c, from + 8, 2);
        int hour = digits(c, from + 11, 2);
        int minute = digits(c, from + 14, 2);
        int second = digits(c, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_SIMPLE;
        }
        int millis = 0;
        int p = from + 19;
        if (p < to - 1) {
            if (c[p] != '.' || to - 1 - (p + 1) < 1 || to - 1 - (p + 1) > 9) {
                return NOT_SIMPLE;
            }
            int fractionDigits = to - 1 - (p + 1);
            int fraction = digits(c, p + 1, fractionDigits);
            if (fraction < 0) {
                return NOT_SIMPLE;
            }
            for (int i = fractionDigits; i < 3; i++) {
                fraction *= 10;
            }
            for (int i = 3; i < fractionDigits; i++) {
                fraction /= 10;
            }
            millis = fraction;
        }
        long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The digits {@code c[from, from + n)} as a number, or -1 when one is not a digit. */
    private static int digits(char[] c, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char d = c[i];
            if (d < '0' || d > '9') {
                return -1;
            }
            v = v * 10 + (d - '0');
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
