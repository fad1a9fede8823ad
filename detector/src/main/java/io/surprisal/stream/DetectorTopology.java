package io.surprisal.stream;

import io.surprisal.model.Model;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The detector as a Kafka Streams topology:
 * <pre>
 * points ─► parse ─┬─ bad ─► dead letters
 *                  └─ good ─► (repartition by series unless the key already is the series) ─► detect ─┬─► scores
 *                                                   models (global store) ─────────────────────────────┘├─► dead letters
 *                                                   controls (global store, when the spec names the topic) ┘│
 *                                                                                                        └─► events (when the spec names the topic)
 * </pre>
 */
public final class DetectorTopology {
    public static final String SERIES_STORE = "series";
    public static final String MODEL_STORE = "models";
    /** New series per minute of event time, for the new-series cap: changelogged, so a rebalance keeps it. */
    public static final String ADMISSION_STORE = "series-admission";
    /** Open incidents by series, when the spec writes anomaly events: changelogged, so a rebalance keeps them open. */
    public static final String INCIDENT_STORE = "incidents";
    /** Controls by series id or prefix, when the spec names a controls topic: a global store, the same in every instance. */
    public static final String CONTROL_STORE = "controls";

    private DetectorTopology() {
    }

    public static Topology build(TopologySpec spec, DetectorEvents events, Model fallback) {
        return build(spec, events, new ServingModel(spec.model, fallback, events));
    }

    /** The topology whose tasks all serve {@code serving}: one parsed model per instance. */
    public static Topology build(TopologySpec spec, DetectorEvents events, ServingModel serving) {
        return build(spec, events, serving, ModelRepublisher.NONE);
    }

    /** As above; {@code republisher} puts the last good model back when a newer record is rejected. */
    public static Topology build(TopologySpec spec, DetectorEvents events, ServingModel serving, ModelRepublisher republisher) {
        return build(spec, events, serving, republisher, new ControlTable());
    }

    /** As above; with {@code topics.controls}, {@code controls} is filled from that topic and applied to every score. */
    public static Topology build(TopologySpec spec, DetectorEvents events, ServingModel serving, ModelRepublisher republisher,
                                 ControlTable controls) {
        return build(spec, events, serving, republisher, controls, ScoreOutput.of(spec));
    }

    /** As above; {@code scoreOutput} writes the scores (DetectorApp registers its avro schema before it starts). */
    static Topology build(TopologySpec spec, DetectorEvents events, ServingModel serving, ModelRepublisher republisher,
                          ControlTable controls, ScoreOutput scoreOutput) {
        return build(spec, events, serving, republisher, controls, scoreOutput, OutputTimestamps.unlimited());
    }

    /** As above; {@code timestamps} keeps what the topology writes within the timestamps its topics accept. */
    static Topology build(TopologySpec spec, DetectorEvents events, ServingModel serving, ModelRepublisher republisher,
                          ControlTable controls, ScoreOutput scoreOutput, OutputTimestamps timestamps) {
        StreamsBuilder builder = new StreamsBuilder();
        java.security.PublicKey verifyKey = spec.models.verifyKey == null || spec.models.verifyKey.isBlank() ? null
                : ModelSignatures.publicKey(spec.models.verifyKey);
        // No record cache on the series store: the stream thread keeps the states it used last decoded instead
        // (DecodedStates), and each write goes to the changelog as it happens, not in a burst at the next commit that
        // holds back every point behind it; only RocksDB's copy waits for the commit, as one write batch
        // (BatchedStoreWrites). Under at-least-once the states then run ahead of the committed offsets: see
        // keepsInputPositions.
        builder.addStateStore(Stores.keyValueStoreBuilder(BatchedStoreWrites.around(Stores.persistentKeyValueStore(SERIES_STORE)),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ADMISSION_STORE),
                Serdes.Long(), Serdes.Integer()).withCachingEnabled());
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                spec.topics.models, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("models"),
                () -> new ModelStoreUpdater(MODEL_STORE, events, verifyKey, republisher));
        if (spec.readsControls()) {
            builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONTROL_STORE),
                            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                    spec.topics.controls, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("controls"),
                    () -> new ControlStoreUpdater(CONTROL_STORE, controls, events));
        }

        KStream<String, Point> points = parsedPoints(builder, spec, events, timestamps);
        String[] stores = {SERIES_STORE, ADMISSION_STORE};
        if (spec.writesEvents()) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_STORE),
                    Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
            stores = new String[]{SERIES_STORE, ADMISSION_STORE, INCIDENT_STORE};
        }
        KStream<String, Detected> detected = points.process(() -> new DetectorProcessor(spec, events, serving,
                spec.readsControls() ? controls : null, scoreOutput, timestamps), Named.as("detect"), stores);
        KStream<String, Detected> scored = deadLettersOf(detected, spec, "detect");
        if (spec.writesEvents()) {
            var routes = scored.split(Named.as("event-route-"))
                    .branch((k, v) -> v instanceof Detected.Event, Branched.as("event"))
                    .defaultBranch(Branched.as("score"));
            routes.get("event-route-event")
                    .mapValues(r -> ((Detected.Event) r).json(), Named.as("event-json"))
                    .to(spec.topics.events, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("events"));
            scored = routes.get("event-route-score");
        }
        scored.mapValues(r -> ((Detected.Scored) r).json(), Named.as("score-json"))
                .to(spec.topics.scores, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("scores"));
        return builder.build();
    }

    /**
     * The ingest half of the topology: points topic → parse → dead letters, and the good points keyed
     * by series id (repartitioned unless the input key already is the series). Public so that the
     * benchmark's baseline parses exactly as the detector does.
     */
    public static KStream<String, Point> parsedPoints(StreamsBuilder builder, TopologySpec spec, DetectorEvents events) {
        return parsedPoints(builder, spec, events, OutputTimestamps.unlimited());
    }

    static KStream<String, Point> parsedPoints(StreamsBuilder builder, TopologySpec spec, DetectorEvents events,
                                               OutputTimestamps timestamps) {
        KStream<String, Parsed> parsed = builder
                .stream(spec.topics.points, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("points"))
                .process(() -> new ParseProcessor(spec, events, timestamps), Named.as("parse"));
        KStream<String, Parsed> good = deadLettersOf(parsed, spec, "parse");
        if (spec.rekeysMismatches()) {
            // Points keyed by another series are in the wrong partition: they take a repartition topic to their own.
            var routes = good.split(Named.as("key-route-"))
                    .branch((k, v) -> v instanceof Parsed.Misplaced, Branched.as("misplaced"))
                    .defaultBranch(Branched.as("placed"));
            KStream<String, Point> rekeyed = routes.get("key-route-misplaced")
                    .mapValues(r -> ((Parsed.Misplaced) r).point(), Named.as("misplaced-points"))
                    .repartition(Repartitioned.with(Serdes.String(), new PointSerde()).withName("rekeyed"));
            return routes.get("key-route-placed").mapValues(r -> ((Parsed.Placed) r).point(), Named.as("points-only"))
                    .merge(rekeyed, Named.as("with-rekeyed"));
        }
        KStream<String, Point> points = good.mapValues(r -> ((Parsed.Placed) r).point(), Named.as("points-only"));
        if (!spec.input.keyIsSeries) {
            points = points.repartition(Repartitioned.with(Serdes.String(), new PointSerde()).withName("by-series"));
        }
        return points;
    }

    /** Sends the dead letters of a stage to the dead-letter topic; returns the rest. */
    private static <R> KStream<String, R> deadLettersOf(KStream<String, R> stream, TopologySpec spec, String stage) {
        var branches = stream.split(Named.as(stage + "-route-"))
                .branch((k, v) -> v instanceof DeadLetter, Branched.as("dead"))
                .defaultBranch(Branched.as("ok"));
        branches.get(stage + "-route-dead")
                .map((k, v) -> new org.apache.kafka.streams.KeyValue<>(((DeadLetter) v).key(), ((DeadLetter) v).value()),
                        Named.as(stage + "-dead-letter-bytes"))
                .to(spec.topics.deadLetters, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(stage + "-dead-letters"));
        return branches.get(stage + "-route-ok");
    }

    /**
     * Whether each series state keeps the position (partition and offset in the points topic) of its newest point:
     * under at-least-once. A state goes to the store as it changes, ahead of the commit of the input's offsets, so after
     * a crash the next instance reads again points a state already holds, directly or, through a repartition topic, as
     * the ingest sends them again at new offsets of that topic. Each point carries where the parse stage read it, and
     * its series' state knows it by that (SeriesState#holdsInput). Under exactly-once the transaction keeps the states
     * and the offsets together, and nothing is read twice.
     */
    static boolean keepsInputPositions(TopologySpec spec) {
        return !spec.exactlyOnce();
    }

    /**
     * Heap for one stream thread's {@link DecodedStates}: the record cache's budget ({@code statestore.cache.max.bytes})
     * shared among the stream threads as Kafka Streams shares it. The series store, which would hold almost all of
     * that cache, has none, so the instance's heap holds about what a record cache would.
     */
    public static long decodedStatesBudget(Map<String, Object> configs) {
        long cache = ClientSettings.number(configs, StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10L * 1024 * 1024);
        long threads = Math.max(1, ClientSettings.number(configs, StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1));
        return Math.max(0, cache) / threads;
    }

    /** Kafka Streams settings for this spec; {@code overrides} (client properties, SASL/SSL…) win. */
    public static Properties properties(TopologySpec spec, String bootstrapServers, Path stateDir, Map<String, ?> overrides) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, spec.exactlyOnce() ? 100 : 1000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // One score (~300 bytes) and, at each commit, one changelog record per series leave per point: with the
        // client's 16 KiB batches the broker and the producer's I/O thread spend more on requests than on bytes
        // (measured with `surprisal bench`: their CPU per point halves with 256 KiB batches). Under exactly-once
        // the commit interval bounds latency anyway, so waiting up to 20 ms to fill a batch costs nothing.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), spec.exactlyOnce() ? 20 : 5);
        // Most of those bytes are series states on their way to the changelog, and the broker's appends of them set
        // the tail of latency: lz4 batches halved p99 at half the detector's rate (`surprisal bench`, three runs
        // at 224-292 ms against two at 416-543) and made a stored byte cheaper (shaped/baseline 0.69-0.84 against
        // 0.61-0.62), within the noise for the detector's own rate. zstd was slower still for the detector.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // The budget of the series states kept decoded between a series' points (DecodedStates, 1 KiB each, beside
        // the other stores' record cache). When they no longer fitted (in the record cache, where they were kept
        // before, at the default 10 MiB and 10k series), every point read RocksDB and the detector lost a third of
        // its rate (`surprisal bench`: 68k records/s at 10 MiB, 97k at 50 MiB). 64 MiB of heap keeps about 60k busy
        // series.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // A stream thread commits only between polls, and a poll with nothing to read blocks for poll.ms (100 by
        // default): a point that came after a pause in the input, or last before one, waited for that poll to time
        // out before the commit that makes its score visible under exactly-once. At 10 ms, sparse points (`surprisal
        // bench --latency-rate 3`) were scored in p50 73 ms instead of 113, and the busy probe's last tenth of a
        // second no longer stood out (p99 116-123 ms against 147-204); at a steady 50k points/s nothing changed. The
        // cost is an idle stream thread's loop, which Kafka Streams runs a hundred times a second instead of ten:
        // 31 ms of CPU a second instead of 7 (`surprisal bench --idle-seconds 30`; docs/performance.md, "A shorter poll").
        p.put(StreamsConfig.POLL_MS_CONFIG, 10L);
        if (!spec.rekeysMismatches()) {
            // Each task reads one partition, so there is nothing to wait for in timestamp order across partitions; and
            // while a task's queue is empty, Kafka Streams (4.4) formats its reason for waiting with String.format on
            // every pass of the thread's loop: 4 % of the detector's stream thread (JFR, 1 ms samples of `surprisal
            // bench`). Off, the stream thread spent 9.2-9.3 µs a point against 9.5-9.9 (two alternating pairs). The
            // rekeying variant merges two partitions per task and keeps the default.
            p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        }
        if (spec.rocksdbMemoryMiB > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
            p.put(BoundedRocksDb.MEMORY_BYTES, (long) spec.rocksdbMemoryMiB << 20);
        }
        // No record can stop a stream thread: what a processor throws on one record, what the broker refuses
        // of one output record and what does not deserialize become dead letters (KIP-1033, KIP-1034).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionFailureHandler.class.getName());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UnreadableRecordHandler.class.getName());
        p.put(FailureSettings.DEAD_LETTER_TOPIC, spec.topics.deadLetters);
        p.put(FailureSettings.POINTS_TOPIC, spec.topics.points);
        p.put(FailureSettings.MODELS_TOPIC, spec.topics.models);
        // Kafka 5 turns this on by default; opting in now keeps the global (models) thread on the same handler path.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The partition assignor reads the main consumer's settings as a StreamsConfig of its own, which warns at every
        // start that the handler is not enabled for the global thread unless the setting reaches that consumer too
        // (Kafka Streams 4.4; the consumer itself only notes an unused setting at INFO).
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        p.putAll(overrides);
        return p;
    }

    /** As {@link #properties(TopologySpec, String, Path, Map)}, with the events the exception handlers count their dead letters on. */
    public static Properties properties(TopologySpec spec, String bootstrapServers, Path stateDir, Map<String, ?> overrides,
                                        DetectorEvents events) {
        Properties p = properties(spec, bootstrapServers, stateDir, overrides);
        p.put(FailureSettings.EVENTS, events);
        return p;
    }

    /** As above, with the instance's {@link OutputTimestamps}, which the exception handlers' dead letters go through too. */
    static Properties properties(TopologySpec spec, String bootstrapServers, Path stateDir, Map<String, ?> overrides,
                                 DetectorEvents events, OutputTimestamps timestamps) {
        Properties p = properties(spec, bootstrapServers, stateDir, overrides, events);
        p.put(FailureSettings.TIMESTAMPS, timestamps);
        return p;
    }
}
