package io.surprisal.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surprisal.stream.AnomalyEvent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Anomaly events as the body of Alertmanager's {@code POST /api/v2/alerts}: an open incident is a firing
 * alert that ends {@code resolveAfter} from now unless re-sent (each update re-sends it), a closed one is the
 * same alert with {@code endsAt} now, which resolves it. Labels, the alert's identity in Alertmanager:
 * {@code alertname="SurprisalAnomaly"}, {@code series} and {@code judgement} (the part of the detector that
 * opened the incident, fixed for its life: a label that changed would make a second alert).
 */
final class AlertPayload {
    static final String ALERT_NAME = "SurprisalAnomaly";
    /** The annotation with the link to the series in Grafana (the name Prometheus alerting rules commonly give it). */
    static final String DASHBOARD = "dashboard";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPayload() {
    }

    /** One alert without a link to Grafana. */
    static ObjectNode alert(AnomalyEvent e, Instant now, Instant closedAt, Duration resolveAfter) {
        return alert(e, now, closedAt, resolveAfter, null);
    }

    /**
     * One alert; {@code now} is the wall-clock time of sending ({@code closedAt} for a closed incident); with
     * {@code grafana} (null = none) its {@value #DASHBOARD} annotation links to the series in Grafana.
     */
    static ObjectNode alert(AnomalyEvent e, Instant now, Instant closedAt, Duration resolveAfter, GrafanaLinks grafana) {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", ALERT_NAME);
        labels.put("series", e.series());
        labels.put("judgement", e.openedBy().id());
        // The incident's tags (input.tags) as labels, for routing (team=...) and grouping; they never replace the three above.
        e.tags().forEach((name, value) -> {
            String label = labelName(name);
            if (!labels.has(label) && !value.isEmpty()) {
                labels.put(label, value);
            }
        });
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", summary(e));
        annotations.put("description", description(e));
        if (grafana != null) {
            annotations.put(DASHBOARD, grafana.series(e));
        }
        Instant ends = e.closed() ? closedAt : now.plus(resolveAfter);
        // Event time may be ahead of the wall clock (within input.maxFutureSkew); Alertmanager refuses an alert
        // that ends before it starts.
        Instant starts = Instant.ofEpochMilli(e.start());
        if (starts.isAfter(ends)) {
            starts = ends;
        }
        alert.put("startsAt", starts.toString());
        alert.put("endsAt", ends.toString());
        return alert;
    }

    static byte[] body(List<ObjectNode> alerts) {
        ArrayNode array = JSON.createArrayNode();
        alerts.forEach(array::add);
        // As text first: a lone surrogate in a series id becomes '?' rather than an exception (see AnomalyEventJson).
        return array.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What was seen against what was expected, at the incident's peak. */
    static String summary(AnomalyEvent e) {
        AnomalyEvent.Peak p = e.peak();
        return String.format(Locale.ROOT, "%s: seen %s, expected %s (band %s to %s)", e.series(), number(p.value()),
                number(p.expected()), number(p.lower()), number(p.upper()));
    }

    static String description(AnomalyEvent e) {
        AnomalyEvent.Peak p = e.peak();
        String text = String.format(Locale.ROOT, "Anomaly on %s since %s: peak score %s at %s, judged by the %s part of the "
                        + "detector (opened by %s); %d anomalous points; model %s.", e.series(), Instant.ofEpochMilli(e.start()),
                number(p.score()), Instant.ofEpochMilli(p.ts()), p.judgement().id(), e.openedBy().id(), e.anomalies(), p.model());
        return e.closed() ? text + " Ended " + Instant.ofEpochMilli(e.end()) + "." : text;
    }

    /**
     * A tag's name as a label name Alertmanager accepts ({@code [a-zA-Z_][a-zA-Z0-9_]*}: {@code site.name} becomes
     * {@code site_name}); one that would be alertname, series or judgement gets a {@code tag_} prefix.
     */
    static String labelName(String tag) {
        StringBuilder b = new StringBuilder(tag.length());
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            boolean ok = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9';
            b.append(ok ? c : '_');
        }
        String name = b.toString();
        return name.equals("alertname") || name.equals("series") || name.equals("judgement") || name.startsWith("__")
                ? "tag_" + name : name;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "unknown";
    }
}
