package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.score.Judgement;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyEventJsonTest {
    static final long T = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    final ObjectMapper json = new ObjectMapper();

    static AnomalyEvent event(String series, AnomalyEvent.Status status, long end, double expected) {
        return new AnomalyEvent(series, status, T, end, T + 120_000, 4, Judgement.DAILY,
                new AnomalyEvent.Peak(T + 60_000, 0.93, 99.5, expected, 60, 80, Judgement.EXTREME, "generic-v3"));
    }

    @Test
    void anOpenIncidentHasANullEndAndItsPeak() throws Exception {
        JsonNode n = json.readTree(AnomalyEventJson.write(event("plant1/pump7/temp", AnomalyEvent.Status.OPEN, AnomalyEvent.STILL_OPEN, 70)));
        assertEquals("plant1/pump7/temp", n.get("series").asText());
        assertEquals("open", n.get("status").asText());
        assertEquals("2026-11-24T12:00:00Z", n.get("start").asText());
        assertTrue(n.get("end").isNull());
        assertEquals("2026-11-24T12:02:00Z", n.get("updated").asText());
        assertEquals(4, n.get("anomalies").asInt());
        assertEquals("daily", n.get("openedBy").asText());
        JsonNode peak = n.get("peak");
        assertEquals("2026-11-24T12:01:00Z", peak.get("ts").asText());
        assertEquals(0.93, peak.get("score").asDouble());
        assertEquals(99.5, peak.get("value").asDouble());
        assertEquals(70, peak.get("expected").asDouble());
        assertEquals("extreme", peak.get("judgement").asText());
        assertEquals("generic-v3", peak.get("model").asText());
    }

    @Test
    void roundTripsClosedAndWritesNonFiniteAsNull() throws Exception {
        AnomalyEvent closed = event("s", AnomalyEvent.Status.CLOSED, T + 60_000, 70);
        assertEquals(closed, AnomalyEventJson.read(AnomalyEventJson.write(closed)));
        JsonNode n = json.readTree(AnomalyEventJson.write(event("s", AnomalyEvent.Status.OPEN, AnomalyEvent.STILL_OPEN, Double.NaN)));
        assertTrue(n.get("peak").get("expected").isNull());
    }

    @Test
    void oddSeriesIdsGiveValidJson() throws Exception {
        for (String id : new String[]{"a\"b\\c", "tab\there\n", "lone \ud800 surrogate", "emoji \ud83d\ude00", "\u0000"}) {
            JsonNode n = json.readTree(AnomalyEventJson.write(event(id, AnomalyEvent.Status.OPEN, AnomalyEvent.STILL_OPEN, 1)));
            assertTrue(n.get("series").isTextual(), id);
        }
    }
}
