package io.surprisal.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;

/**
 * The sample names a detector's /metrics shows once every {@link DetectorMetrics} method has run,
 * with the JVM binders and Kafka Streams' binder bound, plus {@code up}, which Prometheus adds.
 */
final class ExportedMetrics {

    static final String WATCHED = "plant3/pump7/temp";

    private ExportedMetrics() {
    }

    static Set<String> sampleNames(Path stateDir) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (DetectorMetrics metrics = new DetectorMetrics(registry, Set.of(WATCHED));
             JvmMetrics jvm = JvmMetrics.bindTo(registry);
             KafkaStreams streams = unstartedStreams(stateDir)) {
            exerciseEveryMethod(metrics);
            // Kafka Streams registers its thread metrics when it creates its threads, before start().
            metrics.bindKafkaStreams(streams);
            // GC pause timers appear with the first collection.
            System.gc();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.scrape().contains("jvm_gc_pause_seconds_count"));
            Set<String> names = sampleNames(registry.scrape());
            names.add("up");
            streams.close(Duration.ofSeconds(5));
            return names;
        }
    }

    static void exerciseEveryMethod(DetectorMetrics metrics) {
        metrics.recordIn();
        metrics.recordsIn(2);
        metrics.scored(0.42, true, 25_000);
        metrics.pointTime(System.currentTimeMillis() - 60_000);
        metrics.deadLettered("unparseable");
        metrics.restamped();
        metrics.stateReadFromStore();
        metrics.pointReread();
        metrics.seriesSteppedBack();
        metrics.modelLoaded("gru", "1", 1_700_000_000L);
        metrics.modelSwapped();
        metrics.modelRejected("checksum");
        metrics.controlMuted();
        metrics.controlHeldBack();
        metrics.controlRejected("malformed");
        metrics.isWatched(WATCHED);
        metrics.watched(WATCHED, 71.3, 70.0, 68.0, 72.0, 0.42, true);
        metrics.seriesCount(() -> 1);
        metrics.storeBytes(() -> 512);
        metrics.consumerLag(() -> 0);
        metrics.eventsOpen(() -> 0);
    }

    /** Names of the samples of a Prometheus text exposition: {@code x_bucket}, {@code x_count}... */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** A Kafka Streams instance never started: its thread and client metrics exist, nothing is contacted. */
    static KafkaStreams unstartedStreams(Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("points").to("scores");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "surprisal-dashboards-test");
        // Never contacted: the instance is not started.
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new KafkaStreams(builder.build(), config);
    }
}
