package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputTimestampsTest {
    static final long NOW = 1_780_000_000_000L;
    static final long HOUR = 3_600_000L;

    static final class Counting implements DetectorEvents {
        final AtomicInteger restamped = new AtomicInteger();

        @Override
        public void restamped() {
            restamped.incrementAndGet();
        }
    }

    @Test
    void withoutLimitsEveryTimestampPassesUnchanged() {
        Counting events = new Counting();
        OutputTimestamps t = new OutputTimestamps(() -> NOW, events);
        assertEquals(0L, t.stamp(0L));
        assertEquals(-1L, t.stamp(-1L));
        assertEquals(Long.MAX_VALUE, t.stamp(Long.MAX_VALUE));
        assertEquals(0, events.restamped.get());
    }

    @Test
    void aTimestampBeyondHalfALimitBecomesTheTimeNowAndIsCounted() {
        Counting events = new Counting();
        OutputTimestamps t = new OutputTimestamps(() -> NOW, events);
        t.limit(2 * HOUR, 2 * HOUR);
        assertEquals(NOW - HOUR, t.stamp(NOW - HOUR), "at half the limit: unchanged");
        assertEquals(NOW + HOUR, t.stamp(NOW + HOUR));
        assertEquals(NOW, t.stamp(NOW - HOUR - 1), "beyond half before");
        assertEquals(NOW, t.stamp(NOW + HOUR + 1), "beyond half after");
        assertEquals(NOW, t.stamp(-1L), "no timestamp at all");
        assertEquals(3, events.restamped.get());
    }

    @Test
    void oneUnlimitedSideStaysUnlimited() {
        OutputTimestamps t = new OutputTimestamps(() -> NOW, DetectorEvents.NONE);
        t.limit(Long.MAX_VALUE, HOUR);
        assertEquals(0L, t.stamp(0L), "before unlimited: an old timestamp passes");
        assertEquals(NOW, t.stamp(NOW + HOUR), "after: half an hour is the bound");
        t.limit(HOUR, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE - 1, t.stamp(Long.MAX_VALUE - 1), "after unlimited: no overflow");
        assertEquals(NOW, t.stamp(NOW - HOUR));
    }

    @Test
    void negativeLimitsAreRefused() {
        OutputTimestamps t = OutputTimestamps.unlimited();
        assertThrows(IllegalArgumentException.class, () -> t.limit(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> t.limit(0, -1));
    }
}
