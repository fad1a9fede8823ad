package io.surprisal.cli;

import io.surprisal.stream.TopologySpec;
import picocli.CommandLine.Option;

/** Where incidents are paged, for the commands that run a detector ({@code run}, {@code demo}): a picocli mixin. */
final class AlertingOptions {
    @Option(names = "--alertmanager-url", paramLabel = "URL", description = "Post anomaly events to this Alertmanager "
            + "(http://HOST:9093) as alerts; wins over the spec's alerting.alertmanagerUrl, and needs its topics.events.")
    String alertmanagerUrl;

    @Option(names = "--grafana-url", paramLabel = "URL", description = "Grafana's base URL as the people paged reach it "
            + "(https://grafana.example.com): each alert links to its series there; wins over the spec's alerting.grafanaUrl.")
    String grafanaUrl;

    /** The command line's Alertmanager and Grafana over the spec's own. */
    void applyTo(TopologySpec spec) {
        if (alertmanagerUrl != null && !alertmanagerUrl.isBlank()) {
            spec.useAlertmanager(alertmanagerUrl);
        }
        if (grafanaUrl != null && !grafanaUrl.isBlank()) {
            spec.useGrafana(grafanaUrl);
        }
    }
}
