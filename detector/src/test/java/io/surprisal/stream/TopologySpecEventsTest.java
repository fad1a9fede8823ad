package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events and alerting keys: optional, defaulted, and checked with a message naming the key. */
class TopologySpecEventsTest {

    @Test
    void eventsAreOffUntilTheSpecNamesATopic() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: a\n");
        assertFalse(spec.writesEvents());
        assertFalse(spec.sendsAlerts());
        assertEquals(60_000, spec.events.updateEveryMs());
        assertEquals(10, spec.events.closeAfter);
        assertTrue(TopologySpec.parse("topics:\n  events: anomaly-events\n").writesEvents());
    }

    @Test
    void badSettingsNameTheirKey() {
        assertMessage("events.updateEvery", "topics:\n  events: e\nevents:\n  updateEvery: PT0S\n");
        assertMessage("events.closeAfter", "topics:\n  events: e\nevents:\n  closeAfter: 0\n");
        assertMessage("needs topics.events", "alerting:\n  alertmanagerUrl: http://am:9093\n");
        assertMessage("http(s) URL", "topics:\n  events: e\nalerting:\n  alertmanagerUrl: am:9093\n");
        assertMessage("alerting.resolveAfter", "topics:\n  events: e\nalerting:\n  alertmanagerUrl: http://am:9093\n  resolveAfter: PT1M\n");
    }

    @Test
    void anAlertmanagerUrlWithAnEventsTopicIsAccepted() throws Exception {
        TopologySpec spec = TopologySpec.parse("topics:\n  events: e\nalerting:\n  alertmanagerUrl: http://127.0.0.1:9093/\n");
        assertTrue(spec.sendsAlerts());
    }

    @Test
    void aGrafanaUrlIsOptionalAndMustBeAnHttpUrl() throws Exception {
        assertFalse(TopologySpec.parse("applicationId: a\n").linksToGrafana());
        assertTrue(TopologySpec.parse("alerting:\n  grafanaUrl: https://grafana.example.com\n").linksToGrafana());
        assertMessage("alerting.grafanaUrl must be an http(s) URL", "alerting:\n  grafanaUrl: grafana:3000\n");
        TopologySpec spec = TopologySpec.parse("applicationId: a\n");
        TopologySpec.InvalidSpecException e = assertThrows(TopologySpec.InvalidSpecException.class, () -> spec.useGrafana("ftp://grafana"));
        assertTrue(e.getMessage().startsWith("--grafana-url ftp://grafana: alerting.grafanaUrl must be"), e.getMessage());
    }

    private static void assertMessage(String part, String yaml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse(yaml));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
