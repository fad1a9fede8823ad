package io.surprisal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SensorPointJsonTest {

    @Test
    void encodesTheContractOfThePointsTopic() {
        SensorPoint point = new SensorPoint("plant3/pump07/temp", Instant.parse("2026-11-24T12:00:00Z"), 71.3);
        assertEquals("{\"series\":\"plant3/pump07/temp\",\"ts\":\"2026-11-24T12:00:00Z\",\"value\":71.3}",
                new String(SensorPointJson.encode(point), StandardCharsets.UTF_8));
    }

    @Test
    void escapesSeriesIdsThatNeedIt() {
        SensorPoint point = new SensorPoint("a\"b", Instant.parse("2026-11-24T12:00:30Z"), -0.5);
        assertEquals("{\"series\":\"a\\\"b\",\"ts\":\"2026-11-24T12:00:30Z\",\"value\":-0.5}",
                new String(SensorPointJson.encode(point), StandardCharsets.UTF_8));
    }
}
