package io.surprisal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The latency probe finds each score's point again from its key and event time: that mapping must invert the input's. */
class BenchInputTest {

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

    @Test
    void aKeyTheBenchmarkDidNotWriteHasNoSeries() {
        assertEquals(-1, BenchInput.seriesOf("plant01/temp".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, BenchInput.seriesOf("plant01/pump/temp".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, BenchInput.seriesOf(new byte[0]));
    }
}
