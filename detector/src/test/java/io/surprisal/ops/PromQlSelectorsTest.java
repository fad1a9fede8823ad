package io.surprisal.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromQlSelectorsTest {

    private static final String JOB = "job=~\"$job\"";
    private static final String INSTANCE = "instance=~\"$instance\"";

    @Test
    void findsEveryUseOfAMetricWithoutTheMatchers() {
        String expr = "sum(rate(a_total{job=~\"$job\", instance=~\"$instance\"}[5m])) / sum(rate(a_total{instance=~\"$instance\"}[5m])) + b";

        assertEquals(List.of("a_total{instance=~\"$instance\"}", "b"), PromQlSelectors.lacking(expr, JOB, INSTANCE));
    }

    @Test
    void labelNamesFunctionsAndVariablesAreNotMetrics() {
        String expr = "topk(10, max by (series) (surprisal_watched_score{job=~\"$job\", instance=~\"$instance\", series=~\"$series\"}))";

        assertEquals(List.of(), PromQlSelectors.lacking(expr, JOB, INSTANCE));
    }

    @Test
    void labelValuesQueriesAreChecked() {
        assertEquals(List.of("surprisal_watched_value"), PromQlSelectors.lacking("label_values(surprisal_watched_value, series)", JOB));
        assertEquals(List.of(), PromQlSelectors.lacking("label_values(surprisal_watched_value{job=~\"$job\"}, series)", JOB));
    }
}
