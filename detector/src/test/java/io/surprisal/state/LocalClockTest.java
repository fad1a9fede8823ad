package io.surprisal.state;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalClockTest {

    static long expected(ZoneRules rules, long ts) {
        return ts + rules.getOffset(Instant.ofEpochMilli(ts)).getTotalSeconds() * 1000L;
    }

    /** Instants in any order (the clock keeps one span and must leave it whenever an instant lies outside). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia"})
    void isTheZonesWallClockAtAnyInstant(String id) {
        ZoneRules rules = ZoneId.of(id).getRules();
        LocalClock clock = new LocalClock(ZoneId.of(id));
        SplittableRandom rnd = new SplittableRandom(7);
        long from = Instant.parse("1950-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 20_000; i++) {
            long ts = rnd.nextLong(from, to);
            assertEquals(expected(rules, ts), clock.local(ts), () -> id + " at " + Instant.ofEpochMilli(ts));
        }
    }

    /** At each transition and a millisecond before it, walking forwards as a series' points do. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"America/New_York", "Europe/Berlin", "Australia/Lord_Howe"})
    void changesItsOffsetAtTheTransitionsInstant(String id) {
        ZoneRules rules = ZoneId.of(id).getRules();
        LocalClock clock = new LocalClock(ZoneId.of(id));
        ZoneOffsetTransition t = rules.nextTransition(Instant.parse("2020-01-01T00:00:00Z"));
        for (int i = 0; i < 20; i++) {
            long at = t.getInstant().toEpochMilli();
            assertEquals(at - 1 + t.getOffsetBefore().getTotalSeconds() * 1000L, clock.local(at - 1));
            assertEquals(at + t.getOffsetAfter().getTotalSeconds() * 1000L, clock.local(at));
            t = rules.nextTransition(t.getInstant());
        }
    }

    @Test
    void noPreviousPointStaysNone() {
        assertEquals(Long.MIN_VALUE, new LocalClock(ZoneId.of("Europe/Berlin")).local(Long.MIN_VALUE));
    }

    @Test
    void theHourOfDayAndTheWeekendAreLocal() {
        LocalClock newYork = new LocalClock(ZoneId.of("America/New_York"));
        // Saturday 2026-03-07 02:30 UTC is Friday 21:30 in New York (UTC-5).
        long ts = Instant.parse("2026-03-07T02:30:00Z").toEpochMilli();
        assertEquals(21, SeriesState.hourOf(newYork.local(ts)));
        assertEquals(false, SeriesState.isWeekend(newYork.local(ts)));
        assertEquals(true, SeriesState.isWeekend(ts));
        // After the change to daylight saving time (2026-03-08), 12:30 UTC is 08:30 local (UTC-4).
        assertEquals(8, SeriesState.hourOf(newYork.local(Instant.parse("2026-03-09T12:30:00Z").toEpochMilli())));
        assertEquals(7, SeriesState.hourOf(newYork.local(Instant.parse("2026-03-06T12:30:00Z").toEpochMilli())));
    }
}
