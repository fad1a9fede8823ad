package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.surprisal.ops.DashboardFiles.Query;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every metric the dashboards and alert rules name is one a running detector exports. */
class DashboardsTest {

    @TempDir
    static Path stateDir;

    private static final String DATASOURCE = "${datasource}";
    private static final String JOB = "job=~\"$job\"";
    private static final String INSTANCE = "instance=~\"$instance\"";

    private static Set<String> exported;

    @BeforeAll
    static void scrapeADetector() {
        exported = ExportedMetrics.sampleNames(stateDir);
    }

    @Test
    void dashboardsAreJsonWithUniqueUids() {
        List<Path> files = DashboardFiles.dashboardJsonFiles();
        assertEquals(List.of("surprisal-overview.json", "surprisal-series.json"),
                files.stream().map(file -> file.getFileName().toString()).toList());
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            String uid = DashboardFiles.json(file).path("uid").asText();
            assertFalse(uid.isEmpty(), file + " has no uid");
            assertTrue(uids.add(uid), "duplicate dashboard uid " + uid);
        }
    }

    @Test
    void provisioningFilesAreYamlOfVersion1() throws Exception {
        try (Stream<Path> files = Files.walk(DashboardFiles.GRAFANA_PROVISIONING)) {
            List<Path> yamlFiles = files.filter(file -> file.toString().endsWith(".yml")).toList();
            assertEquals(5, yamlFiles.size(), yamlFiles.toString());
            for (Path file : yamlFiles) {
                assertEquals(1, DashboardFiles.yaml(file).path("apiVersion").asInt(), file.toString());
            }
        }
    }

    @Test
    void everyMetricInTheDashboardsIsExported() {
        List<Query> queries = new ArrayList<>();
        DashboardFiles.dashboardJsonFiles().forEach(file -> queries.addAll(DashboardFiles.dashboardQueries(file)));
        assertAllExported(queries);
    }

    @Test
    void everyMetricInThePrometheusRulesIsExported() {
        assertAllExported(DashboardFiles.prometheusRuleQueries());
    }

    @Test
    void everyMetricInTheGrafanaAlertRulesIsExported() {
        assertAllExported(DashboardFiles.grafanaAlertQueries());
    }

    @Test
    void everyMetricInTheRuleTestsIsExported() {
        assertAllExported(DashboardFiles.ruleTestInputSeries());
    }

    @Test
    void overviewShowsEveryDetectorMetric() {
        Set<String> shown = namesIn(DashboardFiles.dashboardQueries(DashboardFiles.GRAFANA_DASHBOARDS.resolve("surprisal-overview.json")));
        Set<String> missing = exported.stream()
                .filter(name -> name.startsWith("surprisal_") && !name.startsWith("surprisal_watched_"))
                .filter(name -> !name.endsWith("_max")) // Micrometer's max gauges: the histograms say more
                .filter(name -> !shown.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        // One of a histogram's series is enough to show it.
        missing.removeIf(name -> familyShown(name, shown));
        assertEquals(Set.of(), missing, "detector metrics the overview dashboard does not show");
    }

    @Test
    void seriesDashboardShowsEveryWatchedMetric() {
        Set<String> shown = namesIn(DashboardFiles.dashboardQueries(DashboardFiles.GRAFANA_DASHBOARDS.resolve("surprisal-series.json")));
        Set<String> watched = exported.stream().filter(name -> name.startsWith("surprisal_watched_"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("surprisal_watched_anomalies_total", "surprisal_watched_expected", "surprisal_watched_lower",
                "surprisal_watched_score", "surprisal_watched_upper", "surprisal_watched_value"), watched);
        assertTrue(shown.containsAll(watched), "series dashboard shows " + shown);
    }

    @Test
    void grafanaAndPrometheusDefineTheSameAlerts() {
        Set<String> prometheus = names(DashboardFiles.yaml(DashboardFiles.PROMETHEUS_RULES).path("groups"), "alert");
        Set<String> grafana = names(DashboardFiles.yaml(DashboardFiles.GRAFANA_ALERT_RULES).path("groups"), "title");
        Set<String> expected = Set.of("SurprisalAnomaly", "SurprisalDetectorDown", "SurprisalLagGrowing",
                "SurprisalDeadLettersRising", "SurprisalModelRejected", "SurprisalStreamThreadFailed", "SurprisalInputStale");
        assertEquals(expected, prometheus);
        assertEquals(expected, grafana);
    }

    @Test
    void dashboardsHardCodeNoDatasourceUid() {
        for (Path file : DashboardFiles.dashboardJsonFiles()) {
            JsonNode dashboard = DashboardFiles.json(file);
            JsonNode variable = variable(dashboard, "datasource");
            assertEquals("datasource", variable.path("type").asText(), file + ": the datasource variable");
            assertEquals("prometheus", variable.path("query").asText(), file + ": the datasource variable");
            List<String> refs = new ArrayList<>();
            for (JsonNode ref : dashboard.findValues("datasource")) {
                boolean builtIn = "grafana".equals(ref.path("type").asText()) && "-- Grafana --".equals(ref.path("uid").asText());
                if (!builtIn && !(ref.isObject() && DATASOURCE.equals(ref.path("uid").asText()))) {
                    refs.add(ref.toString());
                }
            }
            assertEquals(List.of(), refs, file + ": datasource references other than " + DATASOURCE);
        }
    }

    @Test
    void grafanaAlertRulesUseTheProvisionedDatasource() {
        // Alert rules cannot take a dashboard variable: they name the datasource that provisioning creates.
        String uid = DashboardFiles.yaml(DashboardFiles.GRAFANA_PROVISIONING.resolve("datasources/prometheus.yml"))
                .path("datasources").get(0).path("uid").asText();
        Set<String> used = new TreeSet<>();
        DashboardFiles.yaml(DashboardFiles.GRAFANA_ALERT_RULES).findValues("datasourceUid").stream()
                .map(JsonNode::asText).filter(ref -> !"__expr__".equals(ref)).forEach(used::add);
        assertEquals(Set.of(uid), used);
    }

    @Test
    void dashboardsHaveJobAndInstanceVariablesAndEveryQueryUsesThem() {
        for (Path file : DashboardFiles.dashboardJsonFiles()) {
            JsonNode dashboard = DashboardFiles.json(file);
            assertTrue(variable(dashboard, "job").path("multi").asBoolean(), file + ": job variable");
            assertTrue(variable(dashboard, "instance").path("multi").asBoolean(), file + ": instance variable");
        }
        List<String> problems = new ArrayList<>();
        for (Path file : DashboardFiles.dashboardJsonFiles()) {
            for (Query query : DashboardFiles.dashboardQueries(file)) {
                if (query.source().endsWith("variable job")) {
                    continue; // the job variable lists the jobs: it cannot filter on itself
                }
                // The instance variable lists the instances of the chosen jobs: it cannot filter on itself either.
                List<String> bare = query.source().endsWith("variable instance")
                        ? PromQlSelectors.lacking(query.expression(), JOB)
                        : PromQlSelectors.lacking(query.expression(), JOB, INSTANCE);
                if (!bare.isEmpty()) {
                    problems.add(query.source() + ": " + bare + " without " + JOB + " and " + INSTANCE);
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void overviewHasPanelsForStreamsHealthEventsAndTheMostAnomalousSeries() {
        JsonNode overview = DashboardFiles.json(DashboardFiles.GRAFANA_DASHBOARDS.resolve("surprisal-overview.json"));
        Map<String, String> panels = Map.of(
                "Stream threads", "kafka_stream_failed_stream_threads_total",
                "Rebalances", "kafka_consumer_coordinator_rebalance_total",
                "State restores", "kafka_consumer_fetch_manager_records_consumed_total",
                "Events open", "surprisal_events_open",
                "Freshness", "surprisal_freshness_seconds",
                "Most anomalous watched series", "surprisal_watched_score");
        panels.forEach((title, metric) -> {
            JsonNode panel = StreamSupport.stream(overview.path("panels").spliterator(), false)
                    .filter(p -> title.equals(p.path("title").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no panel '" + title + "'"));
            List<String> exprs = panel.findValues("expr").stream().map(JsonNode::asText).toList();
            assertTrue(exprs.stream().anyMatch(expr -> PromQlMetricNames.in(expr).contains(metric)), title + ": " + exprs);
        });
        String topk = StreamSupport.stream(overview.path("panels").spliterator(), false)
                .filter(p -> "Most anomalous watched series".equals(p.path("title").asText()))
                .findFirst().orElseThrow().findValue("expr").asText();
        assertTrue(topk.startsWith("topk("), topk);
    }

    @Test
    void everyAlertHasARunbookSectionInTheDashboardsReadme() throws Exception {
        Set<String> anchors = MarkdownAnchors.of(Files.readString(DashboardFiles.ROOT.resolve("README.md")));
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> rules = new TreeMap<>();
        DashboardFiles.yaml(DashboardFiles.PROMETHEUS_RULES).path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> rules.put("Prometheus " + rule.path("alert").asText(), rule)));
        DashboardFiles.yaml(DashboardFiles.GRAFANA_ALERT_RULES).path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> rules.put("Grafana " + rule.path("title").asText(), rule)));
        rules.forEach((name, rule) -> {
            String url = rule.path("annotations").path("runbook_url").asText();
            String alert = name.substring(name.indexOf(' ') + 1);
            if (!url.contains("dashboards/README.md#")) {
                problems.add(name + ": runbook_url '" + url + "' does not point into dashboards/README.md");
            } else if (!url.endsWith("#" + alert.toLowerCase())) {
                problems.add(name + ": runbook_url '" + url + "' is not the alert's own section");
            } else if (!anchors.contains(url.substring(url.indexOf('#') + 1))) {
                problems.add(name + ": no section '" + url.substring(url.indexOf('#') + 1) + "' in dashboards/README.md");
            }
        });
        assertEquals(14, rules.size(), rules.keySet().toString());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void theDetectorsAlertsLinkToTheSeriesDashboardAndItsVariable() {
        JsonNode series = DashboardFiles.dashboardJsonFiles().stream().map(DashboardFiles::json)
                .filter(dashboard -> GrafanaLinks.SERIES_DASHBOARD_UID.equals(dashboard.path("uid").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no dashboard " + GrafanaLinks.SERIES_DASHBOARD_UID));
        variable(series, GrafanaLinks.SERIES_VARIABLE);
    }

    @Test
    void alertRulesLinkToProvisionedDashboards() {
        Set<String> uids = DashboardFiles.dashboardJsonFiles().stream()
                .map(file -> DashboardFiles.json(file).path("uid").asText()).collect(Collectors.toSet());
        for (JsonNode linked : DashboardFiles.yaml(DashboardFiles.GRAFANA_ALERT_RULES).findValues("__dashboardUid__")) {
            assertTrue(uids.contains(linked.asText()), "no dashboard with uid " + linked.asText());
        }
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError("no variable " + name);
    }

    private static void assertAllExported(List<Query> queries) {
        assertFalse(queries.isEmpty(), "no queries found");
        List<String> problems = new ArrayList<>();
        for (Query query : queries) {
            Set<String> names = PromQlMetricNames.in(query.expression());
            if (names.isEmpty()) {
                problems.add(query.source() + " names no metric: " + query.expression());
            }
            names.stream().filter(name -> !exported.contains(name))
                    .forEach(name -> problems.add(query.source() + " names " + name + ", which is not exported"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static Set<String> namesIn(List<Query> queries) {
        return queries.stream().flatMap(query -> PromQlMetricNames.in(query.expression()).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean familyShown(String name, Set<String> shown) {
        String family = name.replaceAll("_(bucket|count|sum)$", "");
        return !family.equals(name) && shown.stream().anyMatch(used -> used.startsWith(family + "_"));
    }

    private static Set<String> names(JsonNode groups, String field) {
        Set<String> names = new TreeSet<>();
        groups.forEach(group -> group.path("rules").forEach(rule -> names.add(rule.path(field).asText())));
        return names;
    }
}
