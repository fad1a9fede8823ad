package io.surprisal.time;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimestampsTest {

    @Test
    void readsAnOffsetInstantAndALocalDateTimeAsUtc() throws UnreadableTimestampException {
        assertEquals(1_422_749_100_000L, Timestamps.isoMillis("2015-02-01T00:05:00Z"));
        assertEquals(1_422_749_100_000L, Timestamps.isoMillis("2015-02-01T01:05:00+01:00"));
        assertEquals(1_422_749_100_000L, Timestamps.isoMillis("2015-02-01 00:05:00"));
        assertEquals(1_422_749_100_000L, Timestamps.isoMillis("2015-02-01T00:05"));
    }

    @Test
    void tellsMalformedTextFromAnInstantBeyondEpochMilliseconds() {
        assertEquals(UnreadableTimestampException.Kind.MALFORMED,
                assertThrows(UnreadableTimestampException.class, () -> Timestamps.isoMillis("yesterday")).kind());
        assertEquals(UnreadableTimestampException.Kind.OUT_OF_RANGE,
                assertThrows(UnreadableTimestampException.class, () -> Timestamps.isoMillis("+999999999-12-31T23:59:59Z")).kind());
        assertEquals(UnreadableTimestampException.Kind.OUT_OF_RANGE,
                assertThrows(UnreadableTimestampException.class, () -> Timestamps.isoMillis("+999999999-12-31T23:59:59")).kind());
    }
}
