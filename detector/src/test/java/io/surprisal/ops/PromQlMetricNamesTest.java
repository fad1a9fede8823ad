package io.surprisal.ops;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromQlMetricNamesTest {

    @Test
    void findsTheMetricInsideFunctionsAndAggregations() {
        assertEquals(Set.of("surprisal_process_seconds_bucket"), PromQlMetricNames.in(
                "histogram_quantile(0.99, sum by (le) (rate(surprisal_process_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"));
    }

    @Test
    void ignoresLabelsStringsRangesAndGrafanaVariables() {
        assertEquals(Set.of("up"), PromQlMetricNames.in("sum(up{job=\"surprisal\", instance=~\"a|b\"}) offset 5m"));
    }

    @Test
    void findsEveryOperandOfBinaryOperators() {
        assertEquals(Set.of("a_total", "b_total"), PromQlMetricNames.in(
                "sum by (reason) (increase(a_total[15m])) > 0 or sum without (instance) (a_total > 0 unless on(job) group_left() b_total offset 15m)"));
    }

    @Test
    void ignoresNumbersAndKeywords() {
        assertEquals(Set.of("m"), PromQlMetricNames.in("m > 1e-5 and bool 0x1f < Inf"));
    }

    @Test
    void readsTheMetricOfGrafanasLabelValues() {
        assertEquals(Set.of("surprisal_watched_value"), PromQlMetricNames.in("label_values(surprisal_watched_value, series)"));
        assertEquals(Set.of("surprisal_watched_value"),
                PromQlMetricNames.in("label_values(surprisal_watched_value{job=~\"$job\", instance=~\"$instance\"}, series)"));
        assertEquals(Set.of(), PromQlMetricNames.in("label_values(series)"));
    }

    @Test
    void subqueriesAndTimeFunctions() {
        assertEquals(Set.of("surprisal_consumer_lag", "surprisal_model_created_seconds"), PromQlMetricNames.in(
                "deriv(sum by (job) (surprisal_consumer_lag)[10m:1m]) > 0 and time() - surprisal_model_created_seconds > 0"));
    }
}
