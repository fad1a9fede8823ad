package io.surprisal.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps an instance's {@link OutputTimestamps} in step with the timestamp limits of the topics it writes: the
 * scores, dead-letter and events topics, and the changelog and repartition topics Kafka Streams made for it
 * (named {@code <applicationId>-…-changelog} and {@code -repartition}, once they exist). Read once before the
 * instance starts, then every {@link #PERIOD}, so a limit an operator tightens is followed within a minute.
 * A topic stamped with {@code LogAppendTime} has no limit (the broker replaces the timestamp). When the limits
 * cannot be read (no DescribeConfigs permission, the broker away) the last ones known stay, and a warning says
 * so once until a read succeeds again.
 */
final class TopicTimestampLimits implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTimestampLimits.class);
    static final Duration PERIOD = Duration.ofMinutes(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final TopologySpec spec;
    private final OutputTimestamps target;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "surprisal-timestamp-limits");
        t.setDaemon(true);
        return t;
    });
    private boolean warned;

    TopicTimestampLimits(Admin admin, TopologySpec spec, OutputTimestamps target) {
        this.admin = admin;
        this.spec = spec;
        this.target = target;
    }

    /** Reads the limits now, then keeps reading them every {@link #PERIOD} until closed. */
    void start() {
        refresh();
        refresher.scheduleWithFixedDelay(this::refresh, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One read; on failure the limits known before stay. */
    synchronized void refresh() {
        try {
            Limits limits = read(admin, topics());
            if (limits.beforeMaxMs() != target.beforeMaxMs() || limits.afterMaxMs() != target.afterMaxMs()) {
                LOG.info("timestamp limits of the topics written: before {} ms, after {} ms{}", text(limits.beforeMaxMs()),
                        text(limits.afterMaxMs()), limits.none() ? ""
                                : "; records beyond half of them are stamped with the time they are processed");
            }
            target.limit(limits.beforeMaxMs(), limits.afterMaxMs());
            warned = false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!warned) {
                LOG.warn("cannot read the timestamp limits of the topics written ({}); keeping before {} ms, after {} ms",
                        e.getCause() == null ? e : e.getCause(), text(target.beforeMaxMs()), text(target.afterMaxMs()));
                warned = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The output topics, and the internal topics Kafka Streams has made for this application so far. */
    private List<String> topics() throws ExecutionException, InterruptedException, TimeoutException {
        List<String> topics = new ArrayList<>(List.of(spec.topics.scores, spec.topics.deadLetters));
        if (spec.writesEvents()) {
            topics.add(spec.topics.events);
        }
        String prefix = spec.applicationId + "-";
        for (String name : admin.listTopics().names().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            if (name.startsWith(prefix) && (name.endsWith("-changelog") || name.endsWith("-repartition"))) {
                topics.add(name);
            }
        }
        return topics;
    }

    /** How far before and after the broker's clock a record's timestamp may lie ({@link Long#MAX_VALUE}: no limit). */
    record Limits(long beforeMaxMs, long afterMaxMs) {
        boolean none() {
            return beforeMaxMs == Long.MAX_VALUE && afterMaxMs == Long.MAX_VALUE;
        }
    }

    /**
     * The strictest {@code message.timestamp.before.max.ms} and {@code after.max.ms} over {@code topics}; a topic
     * that does not exist (yet) or stamps {@code LogAppendTime} sets none.
     */
    static Limits read(Admin admin, List<String> topics) throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        long before = Long.MAX_VALUE;
        long after = Long.MAX_VALUE;
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> e : admin.describeConfigs(resources).values().entrySet()) {
            Config config;
            try {
                config = e.getValue().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException missing) {
                if (missing.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue; // not made yet: its limits are read once it exists
                }
                throw missing;
            }
            if ("LogAppendTime".equals(value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG))) {
                continue;
            }
            before = Math.min(before, millis(config, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG));
            after = Math.min(after, millis(config, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG));
        }
        return new Limits(before, after);
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null ? null : entry.value();
    }

    private static long millis(Config config, String name) {
        String v = value(config, name);
        if (v == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String text(long ms) {
        return ms == Long.MAX_VALUE ? "unlimited" : Long.toString(ms);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
