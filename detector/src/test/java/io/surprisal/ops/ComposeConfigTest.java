package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-compose.yml validates, and it agrees with the Prometheus and Grafana files it mounts. */
class ComposeConfigTest {

    private static final Path PROJECT = DashboardFiles.ROOT.getParent();
    private static final JsonNode SERVICES_FILE = DashboardFiles.yaml(PROJECT.resolve("docker-compose.yml"));
    /** The services as written in the file (anchors not merged); see {@link #resolvedServices()}. */
    private static final JsonNode SERVICES = SERVICES_FILE.path("services");
    private static final String PASSWORD_VARIABLE = "GRAFANA_ADMIN_PASSWORD";
    private static final String COMPOSE_INSTALL =
            "install it with `apt-get install -y docker-compose` (no Docker engine is needed to validate)";

    /** Compose with an empty env file (a developer's .env does not count) and these variables changed. */
    private static ExternalCommand.Result compose(Map<String, String> environment, boolean stdoutOnly, String... args)
            throws Exception {
        Path emptyEnvFile = Files.createTempFile("compose", ".env");
        try {
            List<String> command = new ArrayList<>(ExternalCommand.onPath("docker-compose")
                    ? List.of("docker-compose") : List.of("docker", "compose"));
            command.addAll(List.of("--env-file", emptyEnvFile.toString()));
            command.addAll(List.of(args));
            return ExternalCommand.run(PROJECT, COMPOSE_INSTALL, environment, stdoutOnly, command.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(emptyEnvFile);
        }
    }

    private static Map<String, String> withGrafanaPassword(String password) {
        Map<String, String> environment = new HashMap<>();
        environment.put(PASSWORD_VARIABLE, password); // null: unset
        return environment;
    }

    private static JsonNode resolved;

    /** The services as compose resolves them (anchors, merges and variables), which is what would run; read once. */
    private static synchronized JsonNode resolvedServices() throws Exception {
        if (resolved == null) {
            ExternalCommand.Result config = compose(withGrafanaPassword("test-password"), true, "config");
            assertEquals(0, config.exitCode(), config.output());
            resolved = new ObjectMapper(new YAMLFactory()).readTree(config.output()).path("services");
        }
        return resolved;
    }

    @Test
    void dockerComposeConfigValidates() throws Exception {
        ExternalCommand.Result result = compose(withGrafanaPassword("test-password"), false, "config", "-q");

        assertEquals(0, result.exitCode(), "compose config:\n" + result.output());
    }

    @Test
    void composeRefusesToStartWithoutAGrafanaPassword() throws Exception {
        ExternalCommand.Result result = compose(withGrafanaPassword(null), false, "config", "-q");

        assertNotEquals(0, result.exitCode(), "no admin/admin default: " + result.output());
        assertTrue(result.output().contains("set " + PASSWORD_VARIABLE), result.output());
        String password = SERVICES.path("grafana").path("environment").path("GF_SECURITY_ADMIN_PASSWORD").asText();
        assertTrue(password.startsWith("${" + PASSWORD_VARIABLE + ":?"), password);
    }

    @Test
    void theEnvExampleNamesThePasswordAndGitIgnoresTheRealEnvFile() throws Exception {
        assertTrue(Files.readAllLines(PROJECT.resolve(".env.example")).contains(PASSWORD_VARIABLE + "="));
        assertTrue(Files.readAllLines(PROJECT.resolve(".gitignore")).contains(".env"));
    }

    @Test
    void everyLongRunningServiceHasAHealthcheck() throws Exception {
        JsonNode services = resolvedServices();
        Set<String> withoutCheck = new TreeSet<>();
        services.fields().forEachRemaining(service -> {
            JsonNode test = service.getValue().path("healthcheck").path("test");
            if (!test.isArray() || test.size() < 2 || service.getValue().path("healthcheck").path("disable").asBoolean()) {
                withoutCheck.add(service.getKey());
            }
        });

        // topic-init is a job: it runs once and the detectors wait for it to complete, not to be healthy.
        assertEquals(Set.of("topic-init"), withoutCheck);
        assertEquals("no", SERVICES.path("topic-init").path("restart").asText());
        assertEquals("service_completed_successfully",
                services.path("detector-1").path("depends_on").path("topic-init").path("condition").asText());
    }

    @Test
    void detectorsAreHealthyWhenReadyOnTheirHttpPort() throws Exception {
        JsonNode services = resolvedServices();
        for (String detector : List.of("detector-1", "detector-2")) {
            List<String> command = strings(services.path(detector).path("command"));
            String port = command.get(command.indexOf("--http-port") + 1);
            String check = String.join(" ", strings(services.path(detector).path("healthcheck").path("test")));

            assertTrue(check.contains("/dev/tcp/127.0.0.1/" + port) && check.contains("GET /health/ready ")
                    && check.contains("' 200 '"), detector + ": " + check);
        }
        assertEquals("service_healthy", services.path("grafana").path("depends_on").path("prometheus").path("condition").asText());
    }

    @Test
    void detectorsAlertsLinkToTheGrafanaPublishedOnTheHost() throws Exception {
        JsonNode services = resolvedServices();
        for (String detector : List.of("detector-1", "detector-2")) {
            List<String> command = strings(services.path(detector).path("command"));
            String grafana = command.get(command.indexOf("--grafana-url") + 1);
            assertEquals("http://localhost:3000", grafana, detector);
        }
        assertTrue(strings(SERVICES.path("grafana").path("ports")).contains("3000:3000"));
    }

    @Test
    void everyImageIsPinnedToAnExactVersion() throws Exception {
        Pattern exact = Pattern.compile("[\\w./-]+:v?\\d+\\.\\d+\\.\\d+([_.-][\\w.-]+)?");
        Set<String> images = new TreeSet<>();
        resolvedServices().forEach(service -> images.add(service.path("image").asText()));
        for (String line : Files.readAllLines(PROJECT.resolve("Dockerfile"))) {
            if (line.startsWith("FROM ")) {
                images.add(line.split("\\s+")[1]);
            }
        }

        assertTrue(images.containsAll(Set.of("apache/kafka:4.1.0", "surprisal:0.1.0")), images.toString());
        for (String image : images) {
            assertFalse(image.endsWith(":latest"), image);
            assertTrue(exact.matcher(image).matches(), image + " is not pinned to an exact version");
        }
    }

    @Test
    void stateLivesInNamedVolumes() throws Exception {
        JsonNode services = resolvedServices();
        Map<String, String> dataDirs = new TreeMap<>();
        for (String detector : List.of("detector-1", "detector-2")) {
            dataDirs.put(detector, services.path(detector).path("environment").path("SURPRISAL_STATE_DIR").asText());
        }
        dataDirs.put("kafka", services.path("kafka").path("environment").path("KAFKA_LOG_DIRS").asText());
        dataDirs.put("prometheus", strings(services.path("prometheus").path("command")).stream()
                .filter(arg -> arg.startsWith("--storage.tsdb.path=")).findFirst().orElse("=").split("=", 2)[1]);
        dataDirs.put("grafana", "/var/lib/grafana");
        Set<String> declared = new TreeSet<>();
        SERVICES_FILE.path("volumes").fieldNames().forEachRemaining(declared::add);

        Set<String> volumesUsed = new TreeSet<>();
        dataDirs.forEach((service, dir) -> {
            String volume = namedVolumeHolding(services.path(service).path("volumes"), dir);
            assertTrue(volume != null && declared.contains(volume),
                    service + " keeps " + dir + " outside a named volume: " + services.path(service).path("volumes"));
            volumesUsed.add(volume);
        });
        assertEquals(dataDirs.size(), volumesUsed.size(), "one volume per service: " + volumesUsed);
    }

    @Test
    void theSimulatorSendsLivePointsAndIsHealthyWhileItsStatusIsFresh() throws Exception {
        JsonNode simulator = resolvedServices().path("simulator");
        List<String> command = strings(simulator.path("command"));

        assertEquals("simulate", command.get(0));
        assertEquals("now", command.get(command.indexOf("--start") + 1), "a restart must not replay old timestamps");
        assertFalse(command.contains("--rate"), "the wall clock sets the pace");
        assertFalse(command.contains("--points-per-series"), "runs until stopped");
        String statusFile = command.get(command.indexOf("--status-file") + 1);
        assertTrue(String.join(" ", strings(simulator.path("healthcheck").path("test"))).contains(statusFile));
        assertEquals("unless-stopped", simulator.path("restart").asText());
    }

    @Test
    void theDetectorsAndPrometheusAlertThroughTheStacksAlertmanager() throws Exception {
        JsonNode services = resolvedServices();
        for (String detector : List.of("detector-1", "detector-2")) {
            List<String> command = strings(services.path(detector).path("command"));
            assertEquals("http://alertmanager:9093", command.get(command.indexOf("--alertmanager-url") + 1), detector);
        }
        JsonNode alertmanager = services.path("alertmanager");
        assertTrue(String.join(" ", strings(alertmanager.path("healthcheck").path("test"))).contains("/-/ready"));
        assertEquals("alertmanager:9093", DashboardFiles.yaml(DashboardFiles.PROMETHEUS.resolve("prometheus.yml"))
                .at("/alerting/alertmanagers/0/static_configs/0/targets/0").asText());
        String topics = String.join(" ", strings(services.path("topic-init").path("command")));
        assertTrue(topics.contains("--topic anomaly-events") && topics.contains("cleanup.policy=compact"),
                "the demo spec's events topic, compacted: " + topics);
    }

    /** The named volume (not a bind mount of a host path) mounted at {@code dir} or a folder above it. */
    private static String namedVolumeHolding(JsonNode volumes, String dir) {
        for (JsonNode volume : volumes) {
            String source;
            String target;
            if (volume.isObject()) { // docker compose v2 renders the long syntax
                if (!volume.path("type").asText("volume").equals("volume")) {
                    continue;
                }
                source = volume.path("source").asText();
                target = volume.path("target").asText();
            } else {
                String[] parts = volume.asText().split(":");
                if (parts.length < 2 || parts[0].startsWith("/") || parts[0].startsWith(".")) {
                    continue;
                }
                source = parts[0];
                target = parts[1];
            }
            if (!dir.isEmpty() && (dir.equals(target) || dir.startsWith(target + "/"))) {
                return source;
            }
        }
        return null;
    }

    @Test
    void definesTheDemoServices() {
        Set<String> services = new TreeSet<>();
        SERVICES.fieldNames().forEachRemaining(services::add);

        assertEquals(Set.of("kafka", "topic-init", "detector-1", "detector-2", "trainer", "simulator", "prometheus", "alertmanager", "grafana"),
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
