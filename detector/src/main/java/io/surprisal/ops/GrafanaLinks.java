package io.surprisal.ops;

import io.surprisal.stream.AnomalyEvent;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Links from an alert to its series in Grafana ({@code alerting.grafanaUrl}, {@code --grafana-url}): the watched-series
 * dashboard ({@value #SERIES_DASHBOARD_UID}, provisioned from dashboards/grafana) with the series as its
 * {@value #SERIES_VARIABLE} variable, over the incident with {@link #MARGIN} either side, so whoever is paged lands on
 * the value against its expected band at the right time. The dashboard draws the series from its watched-series
 * gauges: for a series not under {@code watch:} it opens empty but at the right time and series.
 */
public final class GrafanaLinks {
    static final String SERIES_DASHBOARD_UID = "surprisal-series";
    static final String SERIES_VARIABLE = "series";
    /** Time shown before the incident's start (and after its end, once closed): the normal behaviour to compare with. */
    static final Duration MARGIN = Duration.ofHours(1);

    private final String dashboard;

    /** @param grafanaUrl Grafana's base URL as a browser reaches it, e.g. {@code https://grafana.example.com} */
    public GrafanaLinks(String grafanaUrl) {
        this.dashboard = grafanaUrl.replaceAll("/+$", "") + "/d/" + SERIES_DASHBOARD_UID + "?var-" + SERIES_VARIABLE + "=";
    }

    /** The dashboard URL for the event's series: from its start less the margin to its end plus it, or to now while open. */
    String series(AnomalyEvent e) {
        long from = e.start() - MARGIN.toMillis();
        String to = e.closed() ? Long.toString(e.end() + MARGIN.toMillis()) : "now";
        return dashboard + URLEncoder.encode(e.series(), StandardCharsets.UTF_8) + "&from=" + from + "&to=" + to;
    }
}
