package io.surprisal.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.surprisal.stream.KnownReasons;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorMetricsTest {

    private static final String PUMP = "plant3/pump7/temp";

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong wallClock = new AtomicLong(1_700_000_000_000L);
    private final DetectorMetrics metrics =
            new DetectorMetrics(registry, Set.of(PUMP), Duration.ofMinutes(10), nanos::get, wallClock::get);

    @Test
    void everyKnownReasonIsScrapedAtZeroBeforeAnyRecord() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new DetectorMetrics(prometheus);

        String scrape = prometheus.scrape();
        for (String reason : KnownReasons.DEAD_LETTERS) {
            assertTrue(scrape.contains("surprisal_records_deadlettered_total{reason=\"" + reason + "\"} 0.0"), reason);
        }
        for (String kind : KnownReasons.SKIPPED_POINTS) {
            assertTrue(scrape.contains("surprisal_points_skipped_total{reason=\"" + kind + "\"} 0.0"), kind);
        }
        for (String reason : KnownReasons.MODEL_REJECTIONS) {
            assertTrue(scrape.contains("surprisal_model_rejections_total{reason=\"" + reason + "\"} 0.0"), reason);
        }
        for (String reason : KnownReasons.CONTROL_REJECTIONS) {
            assertTrue(scrape.contains("surprisal_controls_rejections_total{reason=\"" + reason + "\"} 0.0"), reason);
        }
    }

    @Test
    void aKnownReasonCountsOnItsPreRegisteredCounter() {
        metrics.deadLettered("late");
        metrics.deadLettered("late");

        assertEquals(2, registry.get("surprisal.records.deadlettered").tag("reason", "late").counter().count());
        assertEquals(KnownReasons.DEAD_LETTERS.size(), registry.find("surprisal.records.deadlettered").counters().size());
    }

    @Test
    void freshnessIsNaNUntilAPointIsScored() {
        assertTrue(Double.isNaN(registry.get("surprisal.freshness").gauge().value()));
    }

    @Test
    void freshnessIsTheWallClockMinusTheNewestEventTime() {
        long now = wallClock.get();
        metrics.pointTime(now - 90_000);
        metrics.pointTime(now - 30_000);
        metrics.pointTime(now - 600_000); // an older point, e.g. another partition behind: the newest counts

        assertEquals(30.0, registry.get("surprisal.freshness").gauge().value(), 1e-9);
        wallClock.addAndGet(15_000);
        assertEquals(45.0, registry.get("surprisal.freshness").gauge().value(), 1e-9);
    }

    @Test
    void applicationTagIsOnEveryMeterIncludingKafkaStreamsOnes(@TempDir Path stateDir) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DetectorMetrics.tagApplication(prometheus, "surprisal-plant3");
        try (DetectorMetrics tagged = new DetectorMetrics(prometheus, Set.of(PUMP));
             KafkaStreams streams = ExportedMetrics.unstartedStreams(stateDir)) {
            ExportedMetrics.exerciseEveryMethod(tagged);
            tagged.bindKafkaStreams(streams);

            List<String> samples = prometheus.scrape().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            assertTrue(samples.stream().anyMatch(sample -> sample.startsWith("kafka_stream_")), "no Kafka Streams metric");
            for (String sample : samples) {
                assertTrue(sample.contains("application=\"surprisal-plant3\""), sample);
            }
            streams.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aStateReadFromTheStoreIsCounted() {
        metrics.stateReadFromStore();
        metrics.stateReadFromStore();
        assertEquals(2, registry.get("surprisal.states.decoded.misses").counter().count());
    }

    @Test
    void aPointReadAgainIsCounted() {
        metrics.pointReread();
        assertEquals(1, registry.get("surprisal.points.reread").counter().count());
    }

    @Test
    void aSeriesSteppedBackIsCounted() {
        metrics.seriesSteppedBack();
        assertEquals(1, registry.get("surprisal.series.stepped.back").counter().count());
    }

    @Test
    void recordInCountsPointsAfterFanOut() {
        metrics.recordIn();
        metrics.recordsIn(3);

        assertEquals(4, registry.get("surprisal.records.in").counter().count());
    }

    @Test
    void scoredCountsScoreAnomalyAndProcessingTime() {
        metrics.scored(0.2, false, 40_000);
        metrics.scored(0.99995, true, 60_000);

        assertEquals(2, registry.get("surprisal.records.scored").counter().count());
        assertEquals(1, registry.get("surprisal.anomalies").counter().count());
        assertEquals(2, registry.get("surprisal.score").summary().count());
        assertEquals(100, registry.get("surprisal.process").timer().totalTime(TimeUnit.MICROSECONDS), 1e-9);
    }

    @Test
    void scoreHistogramHasTheFixedBuckets() {
        metrics.scored(0.95, false, 1);

        CountAtBucket[] buckets = registry.get("surprisal.score").summary().takeSnapshot().histogramCounts();
        double[] bounds = Arrays.stream(buckets).mapToDouble(CountAtBucket::bucket).toArray();
        assertTrue(Arrays.equals(new double[] {0.5, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0}, bounds),
                Arrays.toString(bounds));
    }

    @Test
    void scoredWithoutScoreStaysOutOfTheHistogram() {
        metrics.scored(Double.NaN, false, 1_000);

        assertEquals(1, registry.get("surprisal.records.scored").counter().count());
        assertEquals(0, registry.get("surprisal.score").summary().count());
    }

    @Test
    void controlsCountMutedHeldBackAndRejectedThroughTheTopologysEvents() {
        MeteredEvents events = new MeteredEvents(metrics);
        events.controlled(io.surprisal.stream.SeriesControl.Verdict.MUTED);
        events.controlled(io.surprisal.stream.SeriesControl.Verdict.MUTED);
        events.controlled(io.surprisal.stream.SeriesControl.Verdict.HELD_BACK);
        events.controlled(io.surprisal.stream.SeriesControl.Verdict.ANOMALY); // not a control's doing: not counted
        events.controlRejected("malformed");

        assertEquals(2, registry.get("surprisal.controls.muted").counter().count());
        assertEquals(1, registry.get("surprisal.controls.heldback").counter().count());
        assertEquals(1, registry.get("surprisal.controls.rejections").tag("reason", "malformed").counter().count());
    }

    @Test
    void deadLetteredCountsPerReason() {
        metrics.deadLettered("unparseable");
        metrics.deadLettered("unparseable");
        metrics.deadLettered("missing-field");

        assertEquals(2, registry.get("surprisal.records.deadlettered").tag("reason", "unparseable").counter().count());
        assertEquals(1, registry.get("surprisal.records.deadlettered").tag("reason", "missing-field").counter().count());
    }

    @Test
    void skippedDataPointsAreCountedByKind() {
        metrics.pointsSkipped("histogram", 3);
        metrics.pointsSkipped("histogram", 2);
        metrics.pointsSkipped("summary", 1);

        assertEquals(5, registry.get("surprisal.points.skipped").tag("reason", "histogram").counter().count());
        assertEquals(1, registry.get("surprisal.points.skipped").tag("reason", "summary").counter().count());
    }

    @Test
    void deadLetterReasonsBeyondTheCapShareOneCounter() {
        for (int i = 0; i < ReasonCounters.MAX_REASONS + 10; i++) {
            metrics.deadLettered("reason-" + i);
        }

        assertEquals(ReasonCounters.MAX_REASONS + 1, registry.find("surprisal.records.deadlettered").counters().size());
        // The known reasons, registered up front, count towards the cap.
        int overflowed = ReasonCounters.MAX_REASONS + 10 - (ReasonCounters.MAX_REASONS - KnownReasons.DEAD_LETTERS.size());
        assertEquals(overflowed, registry.get("surprisal.records.deadlettered").tag("reason", ReasonCounters.OVERFLOW_REASON)
                .counter().count());
    }

    @Test
    void modelLoadedKeepsOnlyTheCurrentModelInfo() {
        metrics.modelLoaded("gru", "1", 1_700_000_000L);
        metrics.modelLoaded("gru", "2", 1_700_003_600L);

        assertEquals(1, registry.find("surprisal.model.info").gauges().size());
        Gauge info = registry.get("surprisal.model.info").gauge();
        assertEquals("2", info.getId().getTag("version"));
        assertEquals(1, info.value());
        assertEquals(1_700_003_600L, registry.get("surprisal.model.created").gauge().value());
    }

    @Test
    void modelCreatedIsNaNBeforeAModelLoads() {
        assertTrue(Double.isNaN(registry.get("surprisal.model.created").gauge().value()));
        assertNull(registry.find("surprisal.model.info").gauge());
    }

    @Test
    void modelSwapsAndRejectionsAreCounted() {
        metrics.modelSwapped();
        metrics.modelRejected("checksum");

        assertEquals(1, registry.get("surprisal.model.swaps").counter().count());
        assertEquals(1, registry.get("surprisal.model.rejections").tag("reason", "checksum").counter().count());
    }

    @Test
    void onlyOptedInSeriesAreWatched() {
        assertTrue(metrics.isWatched(PUMP));
        assertFalse(metrics.isWatched("plant3/pump8/temp"));
    }

    @Test
    void watchedSeriesExportsItsLatestPointAndAnomalies() {
        metrics.watched(PUMP, 71.3, 70.0, 68.0, 72.0, 0.4, false);
        metrics.watched(PUMP, 80.0, 70.5, 68.5, 72.5, 0.99999, true);

        assertEquals(80.0, watchedGauge("value"));
        assertEquals(70.5, watchedGauge("expected"));
        assertEquals(68.5, watchedGauge("lower"));
        assertEquals(72.5, watchedGauge("upper"));
        assertEquals(0.99999, watchedGauge("score"));
        assertEquals(1, registry.get("surprisal.watched.anomalies").tag("series", PUMP).counter().count());
    }

    @Test
    void watchedAnomalyCounterExistsBeforeTheFirstAnomaly() {
        // So that Prometheus' increase() sees the step from 0 to 1.
        assertEquals(0, registry.get("surprisal.watched.anomalies").tag("series", PUMP).counter().count());
    }

    @Test
    void watchedGaugesGoNaNWhenTheSeriesStopsArriving() {
        metrics.watched(PUMP, 71.3, 70.0, 68.0, 72.0, 0.4, false);
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());

        assertTrue(Double.isNaN(watchedGauge("value")));
    }

    @Test
    void unwatchedSeriesExportsNothing() {
        metrics.watched("plant3/pump8/temp", 1, 1, 0, 2, 0.1, true);

        assertNull(registry.find("surprisal.watched.value").tag("series", "plant3/pump8/temp").gauge());
        assertEquals(0, registry.get("surprisal.anomalies").counter().count());
    }

    @Test
    void suppliedGaugesReadTheirSourcesAtScrapeTime() {
        AtomicLong series = new AtomicLong(10);
        metrics.seriesCount(series::get);
        metrics.storeBytes(() -> 4_096);
        metrics.consumerLag(() -> 17);
        series.set(12);

        assertEquals(12, registry.get("surprisal.series").gauge().value());
        assertEquals(4_096, registry.get("surprisal.store.bytes").gauge().value());
        assertEquals(17, registry.get("surprisal.consumer.lag").gauge().value());
    }

    @Test
    void suppliedGaugeReadsNaNUntilSuppliedOrWhenItsSourceFails() {
        assertTrue(Double.isNaN(registry.get("surprisal.series").gauge().value()));

        metrics.storeBytes(() -> {
            throw new IllegalStateException("store is migrating");
        });

        assertTrue(Double.isNaN(registry.get("surprisal.store.bytes").gauge().value()));
    }

    @Test
    void suppliedGaugeSourceCanBeReplaced() {
        metrics.consumerLag(() -> 5);
        metrics.consumerLag(() -> 6);

        assertEquals(6, registry.get("surprisal.consumer.lag").gauge().value());
    }

    private double watchedGauge(String field) {
        return registry.get("surprisal.watched." + field).tag("series", PUMP).gauge().value();
    }
}
