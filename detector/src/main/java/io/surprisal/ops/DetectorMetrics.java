package io.surprisal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.surprisal.stream.KnownReasons;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The detector's meters. The stream processor calls the record methods on its hot path: they
 * allocate nothing once a dead-letter reason has been seen, because every meter is registered
 * up front and looked up without building ids.
 *
 * <p>Names are Micrometer's dotted names; the Prometheus name follows in brackets in each
 * meter's Javadoc. No meter carries a per-series tag except the opt-in watched series:
 * a deployment may watch millions of series and each label value is a time series in Prometheus.
 */
public final class DetectorMetrics implements AutoCloseable {

    /** How long a watched series' gauges keep their last value without a new point. */
    public static final Duration DEFAULT_WATCHED_STALE_AFTER = Duration.ofMinutes(10);

    /** Upper bounds of the score histogram: tail probabilities 1e-1, 1e-3, 1e-4 (the default threshold), about 1e-6, 1e-9, 1e-19 (see AnomalyLikelihood.scoreOf). */
    static final double[] SCORE_BUCKETS = {0.5, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0};

    /** Upper bounds of the processing-time histogram: a record takes microseconds, a slow one milliseconds. */
    static final Duration[] PROCESS_BUCKETS = {
            micros(5), micros(10), micros(25), micros(50), micros(100), micros(250), micros(500),
            millis(1), micros(2_500), millis(5), millis(10), millis(25), millis(50), millis(100),
            millis(250), millis(1_000)};

    private final MeterRegistry registry;

    /** {@code surprisal.records.in} [surprisal_records_in_total]: points received, counted after fan-out. */
    private final Counter recordsIn;

    /** {@code surprisal.records.scored} [surprisal_records_scored_total]: points that got a score. */
    private final Counter recordsScored;

    /**
     * {@code surprisal.records.restamped} [surprisal_records_restamped_total]: records whose timestamp lay beyond half
     * of what the topics written accept, stamped with the time they were processed instead.
     */
    private final Counter recordsRestamped;

    /**
     * {@code surprisal.states.decoded.misses} [surprisal_states_decoded_misses_total]: points whose series
     * state was not kept decoded and was read from the store (new series included): against the points scored,
     * whether {@code statestore.cache.max.bytes} holds the busy series.
     */
    private final Counter decodedStateMisses;
    /**
     * {@code surprisal.points.reread} [surprisal_points_reread_total]: under at-least-once, points read again after a
     * crash or a failover whose series' stored state already held them (by their input position): neither scored again
     * nor dead-lettered.
     */
    private final Counter pointsReread;
    /**
     * {@code surprisal.series.stepped.back} [surprisal_series_stepped_back_total]: points on time whose series' newest
     * point lay ahead of the wall clock (a device clock that jumped forward): that timestamp was taken for an error and
     * the series went on from this point instead of turning it and the rest away as late.
     */
    private final Counter seriesSteppedBack;

    /**
     * {@code surprisal.records.deadlettered} tag {@code reason} [surprisal_records_deadlettered_total{reason}]:
     * records sent to the dead-letter topic, by the reason named in their headers.
     */
    private final ReasonCounters deadLettered;

    /**
     * {@code surprisal.points.skipped} tag {@code reason} [surprisal_points_skipped_total{reason}]: data points
     * read and not scored by design (otlp histogram, exponential-histogram, summary), by their kind.
     */
    private final ReasonCounters pointsSkipped;

    /** {@code surprisal.anomalies} [surprisal_anomalies_total]: scored points flagged as anomalies, all series. */
    private final Counter anomalies;

    /**
     * {@code surprisal.score} [surprisal_score_bucket{le}, _count, _sum, _max]: distribution of anomaly
     * scores in [0, 1], with fixed buckets {@link #SCORE_BUCKETS} for the dashboards' heat map.
     */
    private final DistributionSummary score;

    /**
     * {@code surprisal.process} [surprisal_process_seconds_bucket{le}, _count, _sum, _max]: processing time
     * of one point, measured by the processor, with fixed buckets {@link #PROCESS_BUCKETS} for p50/p99.
     */
    private final Timer process;

    /**
     * {@code surprisal.model.info} tags {@code model}, {@code version} [surprisal_model_info]: always 1;
     * only the model currently loaded is present. Registered by {@link #modelLoaded}.
     */
    private Gauge modelInfo;

    /** {@code surprisal.model.created} [surprisal_model_created_seconds]: creation time of the current model, epoch seconds; NaN before one loads. */
    private volatile double modelCreatedEpochSeconds = Double.NaN;

    /** {@code surprisal.model.swaps} [surprisal_model_swaps_total]: times a running detector switched to a new model. */
    private final Counter modelSwaps;

    /**
     * {@code surprisal.model.rejections} tag {@code reason} [surprisal_model_rejections_total{reason}]:
     * model records refused (bad checksum, unsupported format, incompatible features...).
     */
    private final ReasonCounters modelRejections;

    /**
     * {@code surprisal.controls.muted} [surprisal_controls_muted_total]: points that reached their threshold but were
     * not flagged because a control muted their series at their event time.
     */
    private final Counter controlsMuted;

    /**
     * {@code surprisal.controls.heldback} [surprisal_controls_heldback_total]: points that reached their threshold but
     * were not flagged because their deviation from the expected value was below a control's minimum.
     */
    private final Counter controlsHeldBack;

    /**
     * {@code surprisal.controls.rejections} tag {@code reason} [surprisal_controls_rejections_total{reason}]: records of
     * the controls topic refused (malformed, internal-error); the previous control under their key stays.
     */
    private final ReasonCounters controlRejections;

    /** {@code surprisal.series} [surprisal_series]: estimated number of series in this instance's stores. */
    private final SuppliedGauge seriesCount;

    /** {@code surprisal.store.bytes} [surprisal_store_bytes]: size of this instance's RocksDB stores, see {@link StoreBytes}. */
    private final SuppliedGauge storeBytes;

    /** {@code surprisal.freshness} [surprisal_freshness_seconds]: see {@link Freshness}. */
    private final Freshness freshness;

    /**
     * {@code surprisal.events.open} [surprisal_events_open]: incidents open in this instance's tasks (with
     * {@code topics.events}; NaN without). Summed over instances it is the number of series in an incident now.
     */
    private final SuppliedGauge eventsOpen;

    /** {@code surprisal.consumer.lag} [surprisal_consumer_lag]: records not yet read from the input partitions this instance owns. */
    private final SuppliedGauge consumerLag;

    /**
     * Opted-in series, each with gauges {@code surprisal.watched.value|expected|lower|upper|score} and counter
     * {@code surprisal.watched.anomalies}, all tagged {@code series}
     * [surprisal_watched_value{series}, ..., surprisal_watched_anomalies_total{series}]. See {@link WatchedSeriesMeters}.
     */
    private final Map<String, WatchedSeriesMeters> watched;

    private KafkaStreamsMetrics kafkaStreamsMetrics;

    /** Meters for a detector that exports no series individually. */
    public DetectorMetrics(MeterRegistry registry) {
        this(registry, Set.of());
    }

    public DetectorMetrics(MeterRegistry registry, Set<String> watchedSeries) {
        this(registry, watchedSeries, DEFAULT_WATCHED_STALE_AFTER);
    }

    public DetectorMetrics(MeterRegistry registry, Set<String> watchedSeries, Duration watchedStaleAfter) {
        this(registry, watchedSeries, watchedStaleAfter, System::nanoTime, System::currentTimeMillis);
    }

    /**
     * @param nanoClock       monotonic time, for the watched series' staleness
     * @param wallClockMillis the wall clock, for {@code surprisal.freshness}
     */
    DetectorMetrics(MeterRegistry registry, Set<String> watchedSeries, Duration watchedStaleAfter, LongSupplier nanoClock,
                    LongSupplier wallClockMillis) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.recordsIn = Counter.builder("surprisal.records.in")
                .description("Points received, counted after fan-out into series")
                .register(registry);
        this.recordsScored = Counter.builder("surprisal.records.scored")
                .description("Points that were scored")
                .register(registry);
        this.recordsRestamped = Counter.builder("surprisal.records.restamped")
                .description("Records whose timestamp the topics written would have refused, stamped with the time they were processed")
                .register(registry);
        this.decodedStateMisses = Counter.builder("surprisal.states.decoded.misses")
                .description("Points whose series state was not kept decoded and was read from the store")
                .register(registry);
        this.pointsReread = Counter.builder("surprisal.points.reread")
                .description("Points read again after a crash or failover (at-least-once) that their series' state already held")
                .register(registry);
        this.seriesSteppedBack = Counter.builder("surprisal.series.stepped.back")
                .description("Points on time whose series' newest timestamp lay ahead of the wall clock and was taken for a clock error")
                .register(registry);
        this.deadLettered = new ReasonCounters(registry, "surprisal.records.deadlettered",
                "Records sent to the dead-letter topic, by reason", KnownReasons.DEAD_LETTERS);
        this.pointsSkipped = new ReasonCounters(registry, "surprisal.points.skipped",
                "Data points read and not scored by design (otlp histograms and summaries), by kind", KnownReasons.SKIPPED_POINTS);
        this.anomalies = Counter.builder("surprisal.anomalies")
                .description("Points flagged as anomalies, all series")
                .register(registry);
        this.score = DistributionSummary.builder("surprisal.score")
                .description("Anomaly scores in [0, 1]")
                .serviceLevelObjectives(SCORE_BUCKETS)
                .register(registry);
        this.process = Timer.builder("surprisal.process")
                .description("Processing time of one point")
                .serviceLevelObjectives(PROCESS_BUCKETS)
                .register(registry);
        Gauge.builder("surprisal.model.created", this, m -> m.modelCreatedEpochSeconds)
                .description("Creation time of the current model, epoch seconds")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        this.modelSwaps = Counter.builder("surprisal.model.swaps")
                .description("Times a running detector switched to a new model")
                .register(registry);
        this.modelRejections = new ReasonCounters(registry, "surprisal.model.rejections",
                "Model records refused, by reason", KnownReasons.MODEL_REJECTIONS);
        this.controlsMuted = Counter.builder("surprisal.controls.muted")
                .description("Points at or above their threshold not flagged because a control muted their series")
                .register(registry);
        this.controlsHeldBack = Counter.builder("surprisal.controls.heldback")
                .description("Points at or above their threshold not flagged because their deviation was below a control's minimum")
                .register(registry);
        this.controlRejections = new ReasonCounters(registry, "surprisal.controls.rejections",
                "Controls-topic records refused, by reason", KnownReasons.CONTROL_REJECTIONS);
        this.seriesCount = new SuppliedGauge(registry, "surprisal.series", null,
                "Estimated number of series in this instance's stores");
        this.storeBytes = new SuppliedGauge(registry, "surprisal.store.bytes", BaseUnits.BYTES,
                "Bytes of this instance's RocksDB stores: SST files plus memtables, as RocksDB reports them");
        this.eventsOpen = new SuppliedGauge(registry, "surprisal.events.open", null,
                "Incidents open in this instance's tasks");
        this.consumerLag = new SuppliedGauge(registry, "surprisal.consumer.lag", null,
                "Records not yet read from the input partitions this instance owns");
        this.freshness = new Freshness(registry, wallClockMillis);
        long staleAfterNanos = watchedStaleAfter.toNanos();
        this.watched = Map.copyOf(watchedSeries.stream().collect(Collectors.toMap(Function.identity(),
                series -> new WatchedSeriesMeters(registry, series, staleAfterNanos, nanoClock))));
    }

    /**
     * Puts {@code application=<applicationId>} (Kafka Streams' application.id) on every meter of {@code registry},
     * Kafka Streams' own included: two deployments scraped by one Prometheus (say a canary and production, or two
     * topologies) are told apart by it, and their instances grouped. Call it before any meter is registered: a
     * common tag does not reach meters already there.
     */
    public static void tagApplication(MeterRegistry registry, String applicationId) {
        registry.config().commonTags("application", applicationId);
    }

    /** One point received (after fan-out). */
    public void recordIn() {
        recordsIn.increment();
    }

    /** A record's timestamp was replaced by the time it was processed. */
    public void restamped() {
        recordsRestamped.increment();
    }

    /** A point's series state was read from the store, not from the decoded states. */
    public void stateReadFromStore() {
        decodedStateMisses.increment();
    }

    /** A point read again that its series' state already held (at-least-once). */
    public void pointReread() {
        pointsReread.increment();
    }

    /** A series whose newest timestamp lay ahead of the wall clock went on from a point on time. */
    public void seriesSteppedBack() {
        seriesSteppedBack.increment();
    }

    /** {@code points} points received at once, e.g. the fan-out of one multi-measurement record. */
    public void recordsIn(int points) {
        recordsIn.increment(points);
    }

    /**
     * One point scored.
     *
     * @param score the anomaly score in [0, 1]; NaN (no score yet, e.g. during warm-up) is left out of the histogram
     * @param anomaly whether the point was flagged
     * @param nanos time the processor spent on the point
     */
    public void scored(double score, boolean anomaly, long nanos) {
        recordsScored.increment();
        if (!Double.isNaN(score)) {
            this.score.record(score);
        }
        process.record(nanos, TimeUnit.NANOSECONDS);
        if (anomaly) {
            anomalies.increment();
        }
    }

    /** A point of event time {@code tsMillis} (epoch ms) was scored: feeds {@code surprisal.freshness}. Hot path: no allocation. */
    public void pointTime(long tsMillis) {
        freshness.observe(tsMillis);
    }

    /** {@code count} data points of {@code kind} read and not scored by design. */
    public void pointsSkipped(String kind, int count) {
        pointsSkipped.increment(kind, count);
    }

    /** One record sent to the dead-letter topic; {@code reason} should come from a small fixed set. */
    public void deadLettered(String reason) {
        deadLettered.increment(reason);
    }

    /** A model was loaded (at start-up or by a swap): it replaces the previous one in {@code surprisal.model.info}. */
    public synchronized void modelLoaded(String model, String version, long createdEpochSeconds) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Gauge current = modelInfo;
        boolean same = current != null
                && model.equals(current.getId().getTag("model"))
                && version.equals(current.getId().getTag("version"));
        if (!same) {
            if (current != null) {
                registry.remove(current);
            }
            modelInfo = Gauge.builder("surprisal.model.info", () -> 1)
                    .description("The model currently loaded; always 1")
                    .tag("model", model)
                    .tag("version", version)
                    .register(registry);
        }
        modelCreatedEpochSeconds = createdEpochSeconds;
    }

    /** A running detector switched to a new model. */
    public void modelSwapped() {
        modelSwaps.increment();
    }

    /** A model record was refused. */
    public void modelRejected(String reason) {
        modelRejections.increment(reason);
    }

    /** A control muted a point that reached its threshold. Hot path: no allocation. */
    public void controlMuted() {
        controlsMuted.increment();
    }

    /** A control's deviation minimum held back a point that reached its threshold. Hot path: no allocation. */
    public void controlHeldBack() {
        controlsHeldBack.increment();
    }

    public void controlRejected(String reason) {
        controlRejections.increment(reason);
    }

    /** Whether {@code series} was opted in; the processor can skip building a watched update otherwise. */
    public boolean isWatched(String series) {
        return watched.containsKey(series);
    }

    /** The latest point of a series; ignored unless the series is watched. Counts its anomaly too. */
    public void watched(String series, double value, double expected, double lower, double upper,
                        double score, boolean anomaly) {
        WatchedSeriesMeters meters = watched.get(series);
        if (meters != null) {
            meters.update(value, expected, lower, upper, score, anomaly);
        }
    }

    /** Source of {@code surprisal.series}; read at scrape time, may be replaced. */
    public void seriesCount(LongSupplier source) {
        seriesCount.supply(source);
    }

    /** Source of {@code surprisal.store.bytes}; read at scrape time, may be replaced. */
    public void storeBytes(LongSupplier source) {
        storeBytes.supply(source);
    }

    /** Source of {@code surprisal.events.open}; read at scrape time, may be replaced. */
    public void eventsOpen(LongSupplier source) {
        eventsOpen.supply(source);
    }

    /** Source of {@code surprisal.consumer.lag}, e.g. {@link InputLag}; read at scrape time, may be replaced. */
    public void consumerLag(LongSupplier source) {
        consumerLag.supply(source);
    }

    /**
     * Exports Kafka Streams' own metrics ({@code kafka.stream.thread.process.rate}
     * [kafka_stream_thread_process_rate] and the rest) through Micrometer's binder. Binding a new
     * instance (after a restart of Kafka Streams) unbinds the previous one.
     */
    public synchronized void bindKafkaStreams(KafkaStreams streams) {
        if (kafkaStreamsMetrics != null) {
            kafkaStreamsMetrics.close();
        }
        kafkaStreamsMetrics = new KafkaStreamsMetrics(streams);
        kafkaStreamsMetrics.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Unbinds Kafka Streams' metrics (they leave the registry); the detector's own meters stay. */
    @Override
    public synchronized void close() {
        if (kafkaStreamsMetrics != null) {
            kafkaStreamsMetrics.close();
            kafkaStreamsMetrics = null;
        }
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }
}
