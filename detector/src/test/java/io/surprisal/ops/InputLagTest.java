package io.surprisal.ops;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputLagTest {

    private final Map<MetricName, Metric> metrics = new HashMap<>();
    private final InputLag lag = new InputLag(() -> metrics, Set.of("points.raw"));

    @Test
    void sumsRecordsLagOverTheInputPartitions() {
        partitionLag(InputLag.GROUP, "points.raw", 0, 100);
        partitionLag(InputLag.GROUP, "points.raw", 1, 23);

        assertEquals(123, lag.getAsLong());
    }

    @Test
    void ignoresOtherTopicsSuchAsChangelogsBeingRestored() {
        partitionLag(InputLag.GROUP, "points.raw", 0, 5);
        partitionLag(InputLag.GROUP, "surprisal-series-store-changelog", 0, 10_000);

        assertEquals(5, lag.getAsLong());
    }

    @Test
    void ignoresTheDeprecatedCopyWithUnderscoresInTheTopicName() {
        partitionLag(InputLag.GROUP, "points.raw", 0, 5);
        partitionLag(InputLag.GROUP, "points_raw", 0, 5);

        assertEquals(5, lag.getAsLong());
    }

    @Test
    void ignoresLagNotYetMeasured() {
        partitionLag(InputLag.GROUP, "points.raw", 0, Double.NaN);

        assertEquals(0, lag.getAsLong());
    }

    @Test
    void isZeroWithoutAssignedPartitions() {
        assertEquals(0, lag.getAsLong());
    }

    private void partitionLag(String group, String topic, int partition, double value) {
        MetricName name = new MetricName(InputLag.NAME, group, "",
                Map.of("client-id", "detector-StreamThread-1-consumer", "topic", topic, "partition", String.valueOf(partition)));
        metrics.put(name, new FixedMetric(name, value));
    }

    private record FixedMetric(MetricName metricName, Object metricValue) implements Metric {
    }
}
