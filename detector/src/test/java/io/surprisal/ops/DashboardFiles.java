package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files under dashboards/ and the PromQL queries they contain. */
final class DashboardFiles {

    /** The project root is where dashboards/ lives; the build passes it as surprisal.root (tests run from a module). */
    static final Path ROOT = Path.of(System.getProperty("surprisal.root", "")).toAbsolutePath().resolve("dashboards");
    static final Path GRAFANA_DASHBOARDS = ROOT.resolve("grafana/dashboards");
    static final Path GRAFANA_PROVISIONING = ROOT.resolve("grafana/provisioning");
    static final Path GRAFANA_ALERT_RULES = GRAFANA_PROVISIONING.resolve("alerting/surprisal-rules.yml");
    static final Path PROMETHEUS = ROOT.resolve("prometheus");
    static final Path PROMETHEUS_CONFIG = PROMETHEUS.resolve("prometheus.yml");
    static final Path PROMETHEUS_RULES = PROMETHEUS.resolve("rules/surprisal.rules.yml");
    static final Path PROMETHEUS_RULE_TESTS = PROMETHEUS.resolve("rules/surprisal.rules.test.yml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A PromQL query and where it was found, for failure messages. */
    record Query(String source, String expression) {
    }

    private DashboardFiles() {
    }

    static List<Path> dashboardJsonFiles() {
        try (Stream<Path> files = Files.list(GRAFANA_DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every target, annotation and query variable of one dashboard. */
    static List<Query> dashboardQueries(Path file) {
        JsonNode dashboard = json(file);
        List<Query> queries = new ArrayList<>();
        collectExprs(dashboard.path("panels"), file.getFileName() + " panels", queries);
        collectExprs(dashboard.path("annotations"), file.getFileName() + " annotations", queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("query").asText();
                queries.add(new Query(file.getFileName() + " variable " + variable.path("name").asText(), text));
            }
        }
        return queries;
    }

    static List<Query> prometheusRuleQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode group : yaml(PROMETHEUS_RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                queries.add(new Query("Prometheus rule " + rule.path("alert").asText(rule.path("record").asText()),
                        rule.path("expr").asText()));
            }
        }
        return queries;
    }

    static List<Query> grafanaAlertQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode group : yaml(GRAFANA_ALERT_RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                for (JsonNode data : rule.path("data")) {
                    if (!"__expr__".equals(data.path("datasourceUid").asText())) {
                        queries.add(new Query("Grafana rule " + rule.path("title").asText(),
                                data.path("model").path("expr").asText()));
                    }
                }
            }
        }
        return queries;
    }

    /** The series that promtool's rule tests feed in, as selectors. */
    static List<Query> ruleTestInputSeries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode test : yaml(PROMETHEUS_RULE_TESTS).path("tests")) {
            for (JsonNode input : test.path("input_series")) {
                queries.add(new Query("rule test " + test.path("name").asText(), input.path("series").asText()));
            }
        }
        return queries;
    }

    private static void collectExprs(JsonNode node, String source, List<Query> into) {
        if (node.isObject()) {
            String here = node.hasNonNull("title") || node.hasNonNull("name")
                    ? source + " '" + node.path("title").asText(node.path("name").asText()) + "'"
                    : source;
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isTextual()) {
                into.add(new Query(here, expr.asText()));
            }
            node.elements().forEachRemaining(child -> collectExprs(child, here, into));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectExprs(child, source, into));
        }
    }
}
