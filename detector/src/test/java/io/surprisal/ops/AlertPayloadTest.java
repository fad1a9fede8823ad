package io.surprisal.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surprisal.score.Judgement;
import io.surprisal.stream.AnomalyEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AlertPayloadTest {
    static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    static AnomalyEvent event(long start, Map<String, String> tags) {
        return new AnomalyEvent("s", AnomalyEvent.Status.OPEN, start, AnomalyEvent.STILL_OPEN, start, 1, Judgement.PREDICTION,
                new AnomalyEvent.Peak(start, 0.9, 1, 2, 1.5, 2.5, Judgement.PREDICTION, "m"), tags);
    }

    @Test
    void tagsBecomeLabelsWithNamesAlertmanagerAcceptsAndNeverReplaceTheAlertsOwn() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "ops");
        tags.put("site.name", "Lyon");
        tags.put("series", "other");
        tags.put("9lives", "cat");
        tags.put("empty", "");
        ObjectNode labels = (ObjectNode) AlertPayload.alert(event(NOW.toEpochMilli(), tags), NOW, NOW, Duration.ofMinutes(10)).get("labels");
        assertEquals("s", labels.get("series").asText());
        assertEquals("ops", labels.get("team").asText());
        assertEquals("Lyon", labels.get("site_name").asText());
        assertEquals("other", labels.get("tag_series").asText());
        assertEquals("cat", labels.get("_lives").asText());
        assertEquals(7, labels.size(), labels.toString()); // alertname, series, judgement and four tags; the empty one left out
    }

    @Test
    void anIncidentStartingAheadOfTheWallClockNeverEndsBeforeItStarts() {
        long ahead = NOW.plus(Duration.ofHours(1)).toEpochMilli();
        ObjectNode alert = AlertPayload.alert(event(ahead, Map.of()), NOW, NOW, Duration.ofMinutes(10));
        assertEquals(NOW.plus(Duration.ofMinutes(10)).toString(), alert.get("startsAt").asText());
        assertEquals(alert.get("startsAt"), alert.get("endsAt"));
    }

    @Test
    void withGrafanaTheAlertLinksToItsSeriesOnTheSeriesDashboardAroundTheIncident() {
        long start = NOW.minus(Duration.ofMinutes(30)).toEpochMilli();
        AnomalyEvent open = new AnomalyEvent("plant 3/pump#7", AnomalyEvent.Status.OPEN, start, AnomalyEvent.STILL_OPEN, start, 1,
                Judgement.PREDICTION, new AnomalyEvent.Peak(start, 0.9, 1, 2, 1.5, 2.5, Judgement.PREDICTION, "m"), Map.of());
        GrafanaLinks grafana = new GrafanaLinks("https://grafana.example.com/");

        ObjectNode alert = AlertPayload.alert(open, NOW, NOW, Duration.ofMinutes(10), grafana);

        assertEquals("https://grafana.example.com/d/surprisal-series?var-series=plant+3%2Fpump%237&from=" + (start - 3_600_000)
                + "&to=now", alert.at("/annotations/dashboard").asText());
    }

    @Test
    void aClosedIncidentsLinkEndsAnHourAfterIt() {
        long start = NOW.minus(Duration.ofMinutes(30)).toEpochMilli();
        long end = NOW.minus(Duration.ofMinutes(5)).toEpochMilli();
        AnomalyEvent closed = new AnomalyEvent("s", AnomalyEvent.Status.CLOSED, start, end, end, 3, Judgement.PREDICTION,
                new AnomalyEvent.Peak(start, 0.9, 1, 2, 1.5, 2.5, Judgement.PREDICTION, "m"), Map.of());

        String link = AlertPayload.alert(closed, NOW, NOW, Duration.ofMinutes(10), new GrafanaLinks("http://grafana:3000"))
                .at("/annotations/dashboard").asText();

        assertEquals("http://grafana:3000/d/surprisal-series?var-series=s&from=" + (start - 3_600_000) + "&to=" + (end + 3_600_000), link);
    }

    @Test
    void withoutGrafanaThereIsNoLink() {
        ObjectNode alert = AlertPayload.alert(event(NOW.toEpochMilli(), Map.of()), NOW, NOW, Duration.ofMinutes(10));
        assertFalse(alert.get("annotations").has(AlertPayload.DASHBOARD), alert.toString());
    }
}
