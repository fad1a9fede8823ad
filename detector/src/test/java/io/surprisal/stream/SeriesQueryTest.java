package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.state.LocalClock;
import io.surprisal.state.SeriesState;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SeriesQueryTest {
    private static final HostInfo OWNER = new HostInfo("host-a", 8080);

    @Test
    void theSummaryShowsWhatTheDailyProfileExpectsOnceItHasOne() throws Exception {
        SeriesState s = new SeriesState(4, false, 8);
        s.count = 40;
        s.lastTs = 1_767_225_600_000L + 13 * 3_600_000L + 5 * 60_000L; // 13:05 UTC
        JsonNode empty = new ObjectMapper().readTree(SeriesQuery.summary("pump7/temp", s, OWNER));
        assertEquals("pump7/temp", empty.get("series").asText());
        assertEquals("host-a:8080", empty.get("owner").asText());
        assertFalse(empty.has("dailyUsual"), empty.toString());

        s.daily.level = 70.5;
        s.daily.usual[13] = 2.25f;
        s.daily.counts[13] = 12;
        JsonNode withProfile = new ObjectMapper().readTree(SeriesQuery.summary("pump7/temp", s, OWNER));
        assertEquals(72.75, withProfile.get("dailyUsual").asDouble(), 1e-9);

        s.daily.weekend[13] = -40f;
        s.daily.weekendCounts[13] = 3;
        assertEquals(72.75, new ObjectMapper().readTree(SeriesQuery.summary("pump7/temp", s, OWNER)).get("dailyUsual").asDouble(),
                1e-9, "Thursday: the weekday value");
        s.lastTs += 2 * 86_400_000L; // Saturday 13:05 UTC
        assertEquals(32.75, new ObjectMapper().readTree(SeriesQuery.summary("pump7/temp", s, OWNER)).get("dailyUsual").asDouble(),
                1e-9, "Saturday: with the weekend part");
    }

    @Test
    void theSummaryShowsTheOpenIncidentsPeakOnlyWhenThereIsOne() throws Exception {
        SeriesState s = new SeriesState(4, false, 8);
        s.lastTs = 1_767_225_600_000L;
        assertFalse(new ObjectMapper().readTree(SeriesQuery.summary("pump7/temp", s, OWNER, null, LocalClock.utc())).has("incident"));
        io.surprisal.score.ScoreRecord r = new io.surprisal.score.ScoreRecord();
        r.ts = s.lastTs;
        r.score = 0.93;
        r.model = "generic";
        Incident open = Incident.openedBy(r, java.util.List.of());
        JsonNode n = new ObjectMapper().readTree(SeriesQuery.summary("pump7/temp", s, OWNER, open, LocalClock.utc()));
        assertEquals(0.93, n.path("incident").path("peakScore").asDouble());
        assertEquals("2026-01-01T00:00:00Z", n.path("incident").path("peakTs").asText());
        assertEquals(1, n.path("incident").path("anomalies").asInt());
    }
}
