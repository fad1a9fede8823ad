package io.surprisal.stream;

import java.util.Locale;

/**
 * The unit of a numeric epoch timestamp: {@code input.precision} for influx (Telegraf's word, ns by
 * default) and {@code input.timestampUnit} for json, csv and prometheus (ms by default).
 */
enum TimestampUnit {
    NS, US, MS, S;

    static final String ALLOWED = "ns, us, ms, s";

    /** Epoch milliseconds; finer units round down (toward the past), so a point never lands in the future. */
    long toMillis(long epoch) throws BadRecordException {
        return switch (this) {
            case NS -> Math.floorDiv(epoch, 1_000_000L);
            case US -> Math.floorDiv(epoch, 1_000L);
            case MS -> epoch;
            case S -> {
                if (epoch > Long.MAX_VALUE / 1000 || epoch < Long.MIN_VALUE / 1000) {
                    throw new BadRecordException("timestamp-out-of-range", "timestamp " + epoch
                            + " s is beyond what epoch milliseconds can hold");
                }
                yield epoch * 1000;
            }
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The unit a spec names, or a start-up error naming the key and the allowed values. */
    static TimestampUnit of(String key, String text) {
        if (text != null) {
            for (TimestampUnit u : values()) {
                if (u.label().equals(text)) {
                    return u;
                }
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + ALLOWED + ", was " + text);
    }
}
