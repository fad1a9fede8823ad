package io.surprisal.ops;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Source for {@link DetectorMetrics#consumerLag}: the sum of the consumer's {@code records-lag} over
 * the partitions of the input topics that this instance currently owns.
 *
 * <p>Kafka Streams' restore consumer reports lag too, for changelog topics; only the input
 * topics count, so restoring a store does not look like falling behind. The topic tag is matched
 * exactly: for a topic with a dot in its name the client also reports a deprecated copy of the
 * metric with the dots turned into underscores, which must not be counted twice.
 */
public final class InputLag implements LongSupplier {

    static final String GROUP = "consumer-fetch-manager-metrics";
    static final String NAME = "records-lag";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Set<String> inputTopics;

    InputLag(Supplier<Map<MetricName, ? extends Metric>> metrics, Set<String> inputTopics) {
        this.metrics = metrics;
        this.inputTopics = Set.copyOf(inputTopics);
    }

    public static InputLag of(KafkaStreams streams, Set<String> inputTopics) {
        return new InputLag(streams::metrics, inputTopics);
    }

    /** Records behind; 0 while no input partition is assigned. Read at scrape time, off the hot path. */
    @Override
    public long getAsLong() {
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            MetricName name = entry.getKey();
            if (NAME.equals(name.name()) && GROUP.equals(name.group())
                    && inputTopics.contains(name.tags().get("topic"))
                    && entry.getValue().metricValue() instanceof Number value
                    && !Double.isNaN(value.doubleValue())) {
                lag += value.doubleValue();
            }
        }
        return (long) lag;
    }
}
