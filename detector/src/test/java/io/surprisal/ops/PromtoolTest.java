package io.surprisal.ops;

import io.surprisal.ops.DashboardFiles.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus config and rules pass promtool's checks, and the rules pass their unit tests. */
class PromtoolTest {

    private static final String PROMTOOL_INSTALL =
            "install Debian's prometheus package (apt-get install -y prometheus); .ci/run installs it when missing";

    @Test
    void checkRulesPasses() throws Exception {
        ExternalCommand.Result result = promtool(DashboardFiles.PROMETHEUS, "check", "rules", "rules/surprisal.rules.yml");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS: 7 rules found"), result.output());
    }

    @Test
    void checkConfigPassesAndFindsTheRules() throws Exception {
        // From another directory: rule_files must resolve relative to the config file.
        ExternalCommand.Result result = promtool(DashboardFiles.ROOT.getParent(), "check", "config", "dashboards/prometheus/prometheus.yml");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS: 1 rule files found"), result.output());
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        ExternalCommand.Result result = promtool(DashboardFiles.PROMETHEUS.resolve("rules"), "test", "rules", "surprisal.rules.test.yml");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }

    @Test
    void grafanaQueriesAreValidPromQl(@TempDir Path dir) throws Exception {
        List<Query> queries = new ArrayList<>(DashboardFiles.grafanaAlertQueries());
        for (Path dashboard : DashboardFiles.dashboardJsonFiles()) {
            DashboardFiles.dashboardQueries(dashboard).stream()
                    .filter(query -> !query.source().contains(" variable ")) // label_values() is Grafana's, not PromQL
                    .forEach(queries::add);
        }
        // Each query becomes a recording rule, so that promtool parses it.
        StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-queries\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: grafana_query_").append(i).append('\n')
                    .append("        expr: '").append(withGrafanaVariables(queries.get(i).expression()).replace("'", "''"))
                    .append("'\n");
        }
        Path file = Files.writeString(dir.resolve("grafana-queries.yml"), rules);

        ExternalCommand.Result result = promtool(dir, "check", "rules", file.getFileName().toString());

        assertEquals(0, result.exitCode(), result.output() + "\n" + rules);
        assertTrue(result.output().contains("SUCCESS: " + queries.size() + " rules found"), result.output());
    }

    private static ExternalCommand.Result promtool(Path directory, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        return ExternalCommand.run(directory, PROMTOOL_INSTALL, command);
    }

    /** Grafana's interval variables become durations, the others match anything. */
    private static String withGrafanaVariables(String expression) {
        return expression
                .replace("$__rate_interval", "1m")
                .replace("$__interval", "1m")
                .replace("$__range", "1h")
                .replaceAll("\\$\\{?\\w+}?", ".*")
                .replace("\n", " ");
    }
}
