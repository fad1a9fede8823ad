package io.surprisal.state;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The wall clock of a time zone, as the daily parts of a series state read it: an epoch-millisecond instant moved by
 * the zone's offset at that instant, so that {@link SeriesState#hourOf}, {@link SeriesState#isWeekend} and
 * {@link SeriesState#opensVisit} see local hours and local weekends. A series whose day follows people (traffic,
 * logins, orders) keeps its rush hour at 8:00 local through a daylight-saving change; kept in UTC, its profile would
 * meet the rush an hour early or late for the days it takes an hour's memory to learn it again.
 *
 * <p>Allocates nothing per call: the offset of the span between two of the zone's transitions is kept, and only an
 * instant outside it (a point from another season, about twice a year in a zone with daylight saving) asks the
 * zone's rules again. Not thread-safe (except a fixed offset's), as the detector that owns one is not.
 */
public final class LocalClock {
    private static final LocalClock UTC = new LocalClock(ZoneOffset.UTC);

    private final ZoneId zone;
    private final ZoneRules rules;
    /** The offset in force over [from, until), epoch ms; an empty span until the first call. */
    private long offsetMs;
    private long from = Long.MAX_VALUE;
    private long until = Long.MIN_VALUE;

    public LocalClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        if (rules.isFixedOffset()) {
            offsetMs = rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L;
            from = Long.MIN_VALUE;
            until = Long.MAX_VALUE;
        }
    }

    /** UTC's clock: the local time is the instant itself. A fixed offset's clock never changes, so this one is shared. */
    public static LocalClock utc() {
        return UTC;
    }

    /**
     * The local wall-clock time at the instant {@code ts} (epoch ms), counted in milliseconds from 1970-01-01T00:00
     * local; {@code Long.MIN_VALUE} (no previous point) stays as it is.
     */
    public long local(long ts) {
        if (ts == Long.MIN_VALUE) {
            return ts;
        }
        if (ts < from || ts >= until) {
            learnSpanOf(ts);
        }
        return ts + offsetMs;
    }

    private void learnSpanOf(long ts) {
        Instant at = Instant.ofEpochMilli(ts);
        offsetMs = rules.getOffset(at).getTotalSeconds() * 1000L;
        // The last transition at or before ts and the first after it: ts lies in [from, until) by their definition.
        ZoneOffsetTransition previous = rules.previousTransition(at.plusMillis(1));
        ZoneOffsetTransition next = rules.nextTransition(at);
        from = previous == null ? Long.MIN_VALUE : previous.getInstant().toEpochMilli();
        until = next == null ? Long.MAX_VALUE : next.getInstant().toEpochMilli();
    }

    @Override
    public String toString() {
        return zone.getId();
    }
}
