package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.surprisal.stream.SeriesControl.Verdict.ANOMALY;
import static io.surprisal.stream.SeriesControl.Verdict.HELD_BACK;
import static io.surprisal.stream.SeriesControl.Verdict.MUTED;
import static io.surprisal.stream.SeriesControl.Verdict.QUIET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesControlTest {
    static SeriesControl read(String json) {
        return SeriesControl.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryFieldAndWritesThemBack() {
        String json = "{\"threshold\":0.9,\"minAbsoluteDeviation\":5.0,\"minRelativeDeviation\":0.1,"
                + "\"muteUntil\":\"2026-12-07T06:00:00Z\",\"reason\":\"pump swap\"}";
        SeriesControl c = read(json);
        assertEquals(0.9, c.threshold());
        assertEquals(5, c.minAbsoluteDeviation());
        assertEquals(0.1, c.minRelativeDeviation());
        assertEquals(Instant.parse("2026-12-07T06:00:00Z").toEpochMilli(), c.muteUntilMs());
        assertEquals("pump swap", c.reason());
        assertEquals(json, new String(c.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void everyFieldIsOptional() {
        SeriesControl c = read("{}");
        assertFalse(c.hasThreshold());
        assertFalse(c.mutes());
        assertNull(c.reason());
        assertEquals("{}", new String(c.toJson(), StandardCharsets.UTF_8));
        assertEquals(ANOMALY, c.judge(0.8, false, 0.8, 10, 0, 0), "the spec's threshold applies");
        assertEquals(QUIET, c.judge(0.8, false, 0.79, 10, 0, 0));
    }

    @Test
    void malformedRecordsSayWhatIsWrong() {
        for (String bad : new String[]{"", "nope", "[]", "3", "{\"threshold\":\"x\"}", "{\"threshold\":-0.1}",
                "{\"minAbsoluteDeviation\":-1}", "{\"muteUntil\":\"2026-12-07\"}", "{\"muteUntil\":1}",
                "{\"reason\":{}}", "{\"mute\":\"2026-12-07T06:00:00Z\"}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad), bad);
            assertFalse(e.getMessage().isBlank(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> read("{\"reason\":\"" + "x".repeat(SeriesControl.MAX_REASON_CHARS + 1) + "\"}"));
    }

    @Test
    void keysAreSeriesIdsOrPrefixesWithOneTrailingStar() {
        assertTrue(SeriesControl.validKey("plant1/pump07/temp"));
        assertTrue(SeriesControl.validKey("plant1/*"));
        assertTrue(SeriesControl.validKey("*"));
        assertFalse(SeriesControl.validKey(null));
        assertFalse(SeriesControl.validKey(""));
        assertFalse(SeriesControl.validKey("plant*/pump"));
        assertFalse(SeriesControl.validKey("plant**"));
    }

    @Test
    void judgesThresholdDeviationsAndMuteInThatOrder() {
        SeriesControl c = new SeriesControl(0.5, 5, 0.1, 1000, null);
        assertEquals(QUIET, c.judge(0.9, true, 1.0, 100, 0, 2000), "warm-up is never an anomaly");
        assertEquals(QUIET, c.judge(0.9, false, 0.49, 100, 0, 2000));
        assertEquals(ANOMALY, c.judge(0.9, false, 0.5, 100, 0, 2000), "the control's threshold wins over the spec's");
        assertEquals(HELD_BACK, c.judge(0.9, false, 0.6, 4.9, 0, 2000), "below the absolute minimum");
        assertEquals(HELD_BACK, c.judge(0.9, false, 0.6, 109, 100, 2000), "9 off 100 is below 10%");
        assertEquals(ANOMALY, c.judge(0.9, false, 0.6, 90, 100, 2000), "10 off 100 is not");
        assertEquals(MUTED, c.judge(0.9, false, 0.6, 90, 100, 999), "before the mute ends");
        assertEquals(ANOMALY, c.judge(0.9, false, 0.6, 90, 100, 1000), "not before it");
        assertEquals(HELD_BACK, c.judge(0.9, false, 0.6, 100, Double.NaN, 2000), "no expected value: no deviation to show");
    }
}
