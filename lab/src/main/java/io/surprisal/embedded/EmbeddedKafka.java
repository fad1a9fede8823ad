package io.surprisal.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller in one node) inside this JVM, built
 * from Kafka's own server artifacts. For {@code demo}, {@code bench} and integration tests:
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopics(4, "points", "scores");
 *     kafka.createCompactedTopics(1, "models");
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * Transactions work, so exactly-once v2 Kafka Streams applications run against it unchanged. Record
 * timestamps are accepted however far they are from the wall clock and nothing is deleted by age, so
 * simulated time may run ahead or lie in the past. Close it before the JVM exits, or a temporary log
 * directory stays behind; close the clients first, or their shutdown waits for a broker that is gone.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final EmbeddedKafkaLauncher.Running running;
    private final EmbeddedKafkaTopics topics;
    private volatile boolean closed;

    private EmbeddedKafka(EmbeddedKafkaLauncher.Running running) {
        this.running = running;
        this.topics = new EmbeddedKafkaTopics(running.admin());
    }

    /** Starts a broker on free ports with a fresh temporary log directory, deleted again on close. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} for the {@code bootstrap.servers} of any Kafka client. */
    public String bootstrapServers() {
        return running.ports().bootstrapServers();
    }

    public Path logDir() {
        return running.logDir();
    }

    /** Wall time from the call to start until the broker answered a client. */
    public Duration startupTime() {
        return running.startupTime();
    }

    /** Creates topics with replication 1 and returns once every partition has a leader. */
    public void createTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(), names);
    }

    /** Creates log-compacted topics ({@code cleanup.policy=compact}), e.g. for models or changelogs. */
    public void createCompactedTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), names);
    }

    /** Creates topics with the given topic configs (e.g. {@code retention.ms}) and replication 1. */
    public void createTopics(int partitions, Map<String, String> topicConfigs, String... names) {
        List<NewTopic> newTopics = new ArrayList<>(names.length);
        for (String name : names) {
            newTopics.add(new NewTopic(name, partitions, (short) 1).configs(topicConfigs));
        }
        createTopics(newTopics);
    }

    /** Creates topics exactly as described and returns once every partition has a leader. */
    public void createTopics(Collection<NewTopic> newTopics) {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka broker is closed");
        }
        topics.create(newTopics);
    }

    /** Stops broker and controller, then deletes the log directory unless the caller chose it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long began = System.nanoTime();
        try {
            running.admin().close(Duration.ofSeconds(5));
            EmbeddedKafkaLauncher.stop(running.server());
        } finally {
            if (running.ownsLogDir()) {
                EmbeddedKafkaLauncher.deleteQuietly(running.logDir());
            }
        }
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + logDir() + "]";
    }

    /** Options for {@link EmbeddedKafka}; every one has a default that suits tests. */
    public static final class Builder {
        private Path logDir;
        private int port;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Keeps the broker's data in {@code dir} and leaves it there on close; a broker started again on
         * the same directory finds its topics, records and committed offsets.
         */
        public Builder logDir(Path dir) {
            this.logDir = Objects.requireNonNull(dir);
            return this;
        }

        /** Listens for clients on this port instead of a free one; fails at once if it is taken. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /** Any broker setting, applied over the embedded defaults (e.g. {@code auto.create.topics.enable}). */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public EmbeddedKafka start() {
            return new EmbeddedKafka(EmbeddedKafkaLauncher.launch(logDir, port, Map.copyOf(brokerProperties)));
        }
    }
}
