package io.surprisal.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processor calls these methods for every point: they must not allocate. */
class DetectorMetricsAllocationTest {

    private static final int CALLS = 200_000;

    private final DetectorMetrics metrics =
            new DetectorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Set.of("watched"));

    @Test
    void hotPathAllocatesNothingPerPoint() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        runHotPath(); // warm-up: first-seen reasons register their counters; the JIT compiles

        long before = threads.getCurrentThreadAllocatedBytes();
        runHotPath();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // A single allocation per call would be at least 16 bytes x 200k calls.
        assertTrue(allocated < 64 * 1024, "hot path allocated " + allocated + " bytes over " + CALLS + " points");
    }

    private void runHotPath() {
        for (int i = 0; i < CALLS; i++) {
            metrics.recordIn();
            metrics.scored((i % 1000) / 1000.0, i % 997 == 0, 20_000 + i % 5_000);
            metrics.pointTime(1_700_000_000_000L + i); // always the newest: a compare-and-set each time
            if (i % 100 == 0) {
                metrics.deadLettered(i % 200 == 0 ? "late" : "unparseable"); // a known reason and one first seen in warm-up
            }
            metrics.isWatched("unwatched");
            metrics.watched("watched", i, i, i - 1, i + 1, 0.5, false);
            if (i % 10 == 0) {
                metrics.controlMuted();
                metrics.controlHeldBack();
            }
        }
    }
}
