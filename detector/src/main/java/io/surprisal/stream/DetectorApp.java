package io.surprisal.stream;

import io.surprisal.model.Model;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One running detector instance: makes sure its topics exist, starts the Kafka Streams
 * application and hands out what the HTTP port and the metrics need. Several instances with the
 * same application id share the partitions (and so the series) between them.
 */
public final class DetectorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorApp.class);

    private final TopologySpec spec;
    private final KafkaStreams streams;
    private final HostInfo self;
    private final SeriesQuery query;
    private final java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    private final List<KafkaStreams.StateListener> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch died = new java.util.concurrent.CountDownLatch(1);
    private final ThreadFailurePolicy failurePolicy;
    private final ServingModel serving;
    private final ModelRepublisher republisher;
    private final ControlTable controls = new ControlTable();
    private final TopicTimestampLimits timestampLimits;

    /**
     * @param clientOverrides any Kafka client or Streams property (SASL/SSL…); they win over the spec
     * @param advertised      host and HTTP port other instances use to reach this one (for /series routing)
     */
    public DetectorApp(TopologySpec spec, String bootstrapServers, Map<String, Object> clientOverrides, Path stateDir,
                       DetectorEvents events, Model fallback, HostInfo advertised) {
        // output.format avro: the score schema's id now, or a one-line error before any client is made.
        ScoreOutput scores = ScoreOutput.of(spec);
        scores.register();
        this.spec = spec;
        this.self = advertised;
        Map<String, Object> overrides = new HashMap<>(clientOverrides);
        overrides.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
        OutputTimestamps timestamps = new OutputTimestamps(System::currentTimeMillis, events);
        Properties props = DetectorTopology.properties(spec, bootstrapServers, stateDir, overrides, events, timestamps);
        this.serving = new ServingModel(spec.model, fallback, events);
        this.republisher = ModelRepublisher.toTopic(spec.topics.models, bootstrapServers, clientOverrides);
        this.streams = new KafkaStreams(DetectorTopology.build(spec, events, serving, republisher, controls, scores, timestamps), props);
        this.failurePolicy = new ThreadFailurePolicy(spec.maxThreadReplacements, Duration.parse(spec.threadReplacementWindow));
        this.streams.setUncaughtExceptionHandler(failurePolicy);
        this.streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (now == KafkaStreams.State.ERROR) {
                LOG.error("Kafka Streams is in ERROR{}: this instance no longer processes anything",
                        failurePolicy.stopReason().map(r -> " (" + r + ")").orElse(""));
                died.countDown();
            }
            for (KafkaStreams.StateListener l : stateListeners) {
                l.onChange(now, before);
            }
        });
        this.query = new SeriesQuery(streams, self, spec.writesEvents(), spec.scoring.toConfig().timeZone());
        // Last: nothing after it can throw and leave its admin client open.
        this.timestampLimits = new TopicTimestampLimits(Admin.create(ClientSettings.of(bootstrapServers, clientOverrides)), spec,
                timestamps);
    }

    /**
     * Creates the deployment's topics when they do not exist yet: points, scores and dead letters
     * with {@code partitions} partitions, the models topic compacted with one partition, the events
     * topic, when the spec names one, compacted with {@code partitions} partitions, and the controls topic,
     * when the spec names one, compacted with one partition.
     */
    public static void ensureTopics(TopologySpec spec, String bootstrapServers, Map<String, Object> clientOverrides,
                                    int partitions, short replication) {
        try (Admin admin = Admin.create(ClientSettings.of(bootstrapServers, clientOverrides))) {
            List<NewTopic> topics = new java.util.ArrayList<>(List.of(
                    new NewTopic(spec.topics.points, partitions, replication),
                    new NewTopic(spec.topics.scores, partitions, replication),
                    new NewTopic(spec.topics.deadLetters, partitions, replication),
                    new NewTopic(spec.topics.models, 1, replication)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
            if (spec.writesEvents()) {
                // Compacted: each series keeps at least its latest incident record.
                topics.add(new NewTopic(spec.topics.events, partitions, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (spec.readsControls()) {
                // Compacted, one partition like the models topic: every instance reads all of it into a global store.
                topics.add(new NewTopic(spec.topics.controls, 1, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                    LOG.info("created topic {} ({} partitions)", t.name(), t.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s", e);
        }
    }

    /**
     * A topic just created is not usable until each partition has a leader in the metadata the
     * clients see; Kafka Streams' global thread fails on a topic without partitions, so wait.
     */
    private static void awaitLeaders(Admin admin, List<String> names)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> !d.partitions().isEmpty() && d.partitions().stream().allMatch(p -> p.leader() != null));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // unknown topic: metadata has not caught up yet
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException("topics " + names + " have no leaders after 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(50); // metadata propagation has no notification to wait on
        }
    }

    /** Also tells {@code listener} of every state change (Kafka Streams itself takes only one listener). */
    public void addStateListener(KafkaStreams.StateListener listener) {
        stateListeners.add(listener);
    }

    /** Starts processing, once the timestamp limits of the topics written are known (or could not be read). */
    public void start() {
        timestampLimits.start();
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The model this instance's tasks serve (null until the first task started). */
    public ServingModel servingModel() {
        return serving;
    }

    public TopologySpec spec() {
        return spec;
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** This instance's controls, as read from {@code topics.controls} (always empty without one). */
    public ControlTable controls() {
        return controls;
    }

    public SeriesQuery seriesQuery() {
        return query;
    }

    /**
     * Empty while this instance can still process; otherwise why not: Kafka Streams in ERROR (a thread
     * that could not be replaced, the budget spent, the global thread dead) or shutting down for it.
     */
    public java.util.Optional<String> notLiveReason() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
            return java.util.Optional.of("kafka streams is " + state + failurePolicy.stopReason().map(r -> ": " + r).orElse(""));
        }
        return failurePolicy.stopReason();
    }

    /** Waits until Kafka Streams has died (ERROR); false when {@code timeout} passed first. */
    public boolean awaitDeath(Duration timeout) throws InterruptedException {
        return died.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean dead() {
        return died.getCount() == 0;
    }

    /** Waits until the application first reaches RUNNING (tasks assigned and stores restored). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the instance and leaves the consumer group, so that the others take over its partitions
     * at once. Kafka Streams' default is to stay in the group until the session times out (45 s):
     * with dynamic membership a restarted instance joins as a new member anyway, so staying only
     * delays the rebalance (measured: a restart waited 42 s for it before restoring anything).
     */
    @Override
    public void close() {
        failurePolicy.close();
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        republisher.close();
        timestampLimits.close();
    }
}
