package io.surprisal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.sim.SensorPointJson;
import org.junit.jupiter.api.Test;

class BenchInputTest {

    /** Whatever day the bench runs on, its points start in the past on a weekday with a whole weekday ahead. */
    @Test
    void pointsStartAtMidnightOnAWeekdayTwoToFiveDaysBack() {
        Instant sunday = Instant.parse("2026-12-06T13:45:10Z");
        for (int d = 0; d < 7; d++) {
            Instant now = sunday.plus(Duration.ofDays(d));
            Instant start = BenchInput.weekdayStart(now);
            ZonedDateTime utc = start.atZone(ZoneOffset.UTC);
            assertEquals(utc.toLocalDate().atStartOfDay(ZoneOffset.UTC), utc, "midnight, from " + now);
            assertTrue(utc.getDayOfWeek().getValue() <= DayOfWeek.THURSDAY.getValue(), utc + " from " + now);
            long daysBack = Duration.between(start, now).toDays();
            assertTrue(daysBack >= 2 && daysBack <= 5, daysBack + " days back from " + now);
        }
    }

    /** The latency probe finds each score's point again from its key and event time: that mapping must invert the input's. */
    @Test
    void keysAndEventTimesGiveBackSeriesAndRound() throws Exception {
        BenchInput input = new BenchInput(1234);
        for (int s : new int[]{0, 7, 99, 100, 1233}) {
            assertEquals(s, BenchInput.seriesOf(input.key(s)));
            for (long round : new long[]{0, 1, 47, 4321}) {
                String ts = new ObjectMapper().readTree(input.value(s, round)).get("ts").asText();
                assertEquals(round, input.roundOf(Instant.parse(ts).toEpochMilli()), "series " + s + " round " + round);
            }
        }
    }

    /** The bytes put together from cached parts are the ones the points topic's writer makes, round after round. */
    @Test
    void valuesAreWhatThePointsTopicsWriterWrites() {
        BenchInput input = new BenchInput(321);
        for (long round : new long[]{0, 1, 2, 2, 1, 47, 1439, 1440, 99_999}) {
            for (int s : new int[]{0, 5, 99, 100, 320}) {
                assertEquals(new String(SensorPointJson.encode(input.point(s, round)), StandardCharsets.UTF_8),
                        new String(input.value(s, round), StandardCharsets.UTF_8), "series " + s + " round " + round);
            }
        }
    }

    @Test
    void aKeyTheBenchmarkDidNotWriteHasNoSeries() {
        assertEquals(-1, BenchInput.seriesOf("plant01/temp".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, BenchInput.seriesOf("plant01/pump/temp".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, BenchInput.seriesOf(new byte[0]));
    }
}
