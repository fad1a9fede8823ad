package io.surprisal.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
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
 * Transactions work, so exactly-once v2 Kafka Streams applications run against it unchanged.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final EmbeddedKafkaPorts ports;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final Admin admin;
    private final Duration startupTime;
    private volatile boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, EmbeddedKafkaPorts ports, Path logDir,
                          boolean deleteLogDirOnClose, Admin admin, Duration startupTime) {
        this.server = server;
        this.ports = ports;
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
        this.admin = admin;
        this.startupTime = startupTime;
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
        return ports.bootstrapServers();
    }

    public Path logDir() {
        return logDir;
    }

    /** Wall time from the first attempt to the broker answering clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Creates topics with replication 1 and returns once every partition has a leader. */
    public void createTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(), names);
    }

    /** Creates log-compacted topics ({@code cleanup.policy=compact}), e.g. for models or state changelogs. */
    public void createCompactedTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), names);
    }

    /** Creates topics with the given topic-level configs (e.g. {@code retention.ms}). */
    public void createTopics(int partitions, Map<String, String> topicConfigs, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1).configs(topicConfigs));
        }
        createTopics(topics);
    }

    /** Creates topics as given and returns once every partition has a leader. */
    public void createTopics(Collection<NewTopic> topics) {
        ensureOpen();
        try {
            admin.createTopics(topics).all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(topics.stream().map(NewTopic::name).toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + names(topics), e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names(topics), e);
        }
    }

    /** Stops the broker and controller, then deletes the log directory unless it was chosen by the caller. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long began = System.nanoTime();
        admin.close(Duration.ofSeconds(5));
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDirOnClose) {
            deleteQuietly(logDir);
        }
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers(), millisSince(began));
    }

    private void awaitLeaders(List<String> topicNames) throws InterruptedException, ExecutionException, TimeoutException {
        // The controller acknowledges creation before the broker's metadata cache catches up; clients
        // that start right away would otherwise log UNKNOWN_TOPIC_OR_PARTITION warnings and retry.
        long deadline = System.nanoTime() + ADMIN_CALL_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topicNames).allTopicNames()
                        .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean allLed = described.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + topicNames + " have no leader after " + ADMIN_CALL_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka broker is closed");
        }
    }

    private static List<String> names(Collection<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }

    private static EmbeddedKafka start(Builder settings) {
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            EmbeddedKafkaPorts ports = EmbeddedKafkaPorts.pick(settings.brokerPort);
            Path logDir = settings.logDir != null ? settings.logDir : createTempDir();
            KafkaRaftServer server = null;
            Admin admin = null;
            try {
                Files.createDirectories(logDir);
                EmbeddedKafkaStorage.formatUnlessFormatted(logDir);
                KafkaConfig config = KafkaConfig.fromProps(EmbeddedKafkaSettings.forNode(ports, logDir, settings.overrides), false);
                server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.bootstrapServers()));
                awaitServing(admin);
                Duration startupTime = Duration.ofNanos(System.nanoTime() - began);
                log.info("Kafka broker started at {} in {} ms (log dir {})",
                        ports.bootstrapServers(), startupTime.toMillis(), logDir);
                return new EmbeddedKafka(server, ports, logDir, settings.logDir == null, admin, startupTime);
            } catch (Exception e) {
                stopQuietly(server, admin);
                if (settings.logDir == null) {
                    deleteQuietly(logDir);
                }
                if (!isPortClash(e) || attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("embedded Kafka broker did not start (attempt " + attempt + ")", e);
                }
                log.info("port {} or {} was taken before the broker bound it; retrying with new ports",
                        ports.broker(), ports.controller());
            }
        }
    }

    private static void awaitServing(Admin admin) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                // Only unfenced brokers appear here, so a non-empty answer means topics can be created.
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        TimeoutException timeout = new TimeoutException("broker not serving after " + READY_TIMEOUT);
        if (last != null) {
            timeout.initCause(last);
        }
        throw timeout;
    }

    private static boolean isPortClash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(KafkaRaftServer server, Admin admin) {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                log.debug("ignored while stopping a broker that failed to start", e);
            }
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("surprisal-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    /** Options for {@link EmbeddedKafka}; every one has a default that suits tests. */
    public static final class Builder {
        private Path logDir;
        private int brokerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Keeps the broker's data in {@code dir} and leaves it there on close; a broker started again on
         * the same directory finds its topics and committed offsets.
         */
        public Builder logDir(Path dir) {
            this.logDir = Objects.requireNonNull(dir);
            return this;
        }

        /** Listens for clients on this port instead of a free one (the controller port is still picked). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.brokerPort = port;
            return this;
        }

        /** Any broker setting, applied after the embedded defaults (e.g. {@code auto.create.topics.enable}). */
        public Builder brokerProperty(String key, String value) {
            overrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public EmbeddedKafka start() {
            return EmbeddedKafka.start(this);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + logDir + "]";
    }
}
