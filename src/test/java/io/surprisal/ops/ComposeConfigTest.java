package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-compose.yml validates, and it agrees with the Prometheus and Grafana files it mounts. */
class ComposeConfigTest {

    private static final Path PROJECT = DashboardFiles.ROOT.getParent();
    private static final JsonNode SERVICES = DashboardFiles.yaml(PROJECT.resolve("docker-compose.yml")).path("services");
    private static final String COMPOSE_INSTALL =
            "install it with `apt-get install -y docker-compose` (no Docker engine is needed to validate)";

    @Test
    void dockerComposeConfigValidates() throws Exception {
        String[] command = ExternalCommand.onPath("docker-compose")
                ? new String[] {"docker-compose", "config", "-q"}
                : new String[] {"docker", "compose", "config", "-q"};

        ExternalCommand.Result result = ExternalCommand.run(PROJECT, COMPOSE_INSTALL, command);

        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
    }

    @Test
    void definesTheDemoServices() {
        Set<String> services = new TreeSet<>();
        SERVICES.fieldNames().forEachRemaining(services::add);

        assertEquals(Set.of("kafka", "topic-init", "detector-1", "detector-2", "trainer", "simulator", "prometheus", "grafana"),
                services);
    }

    @Test
    void prometheusScrapesEveryDetectorOnItsHttpPort() {
        Set<String> detectors = new TreeSet<>();
        SERVICES.fields().forEachRemaining(service -> {
            List<String> command = strings(service.getValue().path("command"));
            if (!command.isEmpty() && command.get(0).equals("run")) {
                detectors.add(service.getKey() + ":" + command.get(command.indexOf("--http-port") + 1));
            }
        });
        Set<String> targets = new TreeSet<>();
        for (JsonNode job : DashboardFiles.yaml(DashboardFiles.PROMETHEUS_CONFIG).path("scrape_configs")) {
            job.path("static_configs").forEach(config -> targets.addAll(strings(config.path("targets"))));
        }

        assertEquals(Set.of("detector-1:8080", "detector-2:8080"), detectors);
        assertEquals(detectors, targets);
    }

    @Test
    void prometheusLoadsTheMountedConfig() {
        JsonNode prometheus = SERVICES.path("prometheus");

        assertTrue(strings(prometheus.path("volumes")).contains("./dashboards/prometheus:/etc/prometheus:ro"));
        assertTrue(strings(prometheus.path("command")).contains("--config.file=/etc/prometheus/prometheus.yml"));
        assertTrue(strings(prometheus.path("ports")).contains("9090:9090"));
    }

    @Test
    void grafanaMountsProvisioningAndDashboardsWhereProvisioningLooks() {
        JsonNode grafana = SERVICES.path("grafana");
        String dashboardsPath = DashboardFiles.yaml(DashboardFiles.GRAFANA_PROVISIONING.resolve("dashboards/surprisal.yml"))
                .path("providers").get(0).path("options").path("path").asText();

        List<String> volumes = strings(grafana.path("volumes"));
        assertTrue(volumes.contains("./dashboards/grafana/provisioning:/etc/grafana/provisioning:ro"), volumes.toString());
        assertTrue(volumes.contains("./dashboards/grafana/dashboards:" + dashboardsPath + ":ro"), volumes.toString());
        assertTrue(strings(grafana.path("ports")).contains("3000:3000"));
    }

    @Test
    void grafanaDatasourceIsThePrometheusService() {
        URI url = URI.create(DashboardFiles.yaml(DashboardFiles.GRAFANA_PROVISIONING.resolve("datasources/prometheus.yml"))
                .path("datasources").get(0).path("url").asText());

        assertTrue(SERVICES.has(url.getHost()), url.toString());
        assertEquals(9090, url.getPort());
    }

    @Test
    void grafanaHasTheContactPointsWebhookUrl() {
        String url = DashboardFiles.yaml(DashboardFiles.GRAFANA_PROVISIONING.resolve("alerting/contact-points.yml"))
                .path("contactPoints").get(0).path("receivers").get(0).path("settings").path("url").asText();

        assertEquals("$SURPRISAL_ALERT_WEBHOOK_URL", url);
        assertTrue(SERVICES.path("grafana").path("environment").has("SURPRISAL_ALERT_WEBHOOK_URL"));
    }

    @Test
    void applicationsUseTheBrokersAdvertisedListener() {
        String advertised = SERVICES.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
        for (String service : List.of("detector-1", "detector-2")) {
            String bootstrap = SERVICES.path(service).path("environment").path("SURPRISAL_BOOTSTRAP_SERVERS").asText();
            assertTrue(advertised.contains("//" + bootstrap), service + " uses " + bootstrap + ", kafka advertises " + advertised);
        }
        List<String> simulator = strings(SERVICES.path("simulator").path("command"));
        assertTrue(advertised.contains("//" + simulator.get(simulator.indexOf("--bootstrap-servers") + 1)));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
