package io.surprisal.embedded;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings up a KafkaRaftServer: pick ports, format storage, start, wait until it answers clients. A port
 * taken by someone else between picking and binding shows up as a BindException; then it starts again
 * with fresh ports (and a fresh directory when the directory is its own).
 */
final class EmbeddedKafkaLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

    /** A broker that answers clients, with the admin client that saw it answer. */
    record Running(KafkaRaftServer server, EmbeddedKafkaPorts ports, Path logDir, boolean ownsLogDir,
                   Admin admin, Duration startupTime) {
    }

    private EmbeddedKafkaLauncher() {
    }

    /**
     * @param chosenLogDir null for a fresh temporary directory
     * @param brokerPort   0 for any free port
     */
    static Running launch(Path chosenLogDir, int brokerPort, Map<String, String> overrides) {
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            EmbeddedKafkaPorts ports = EmbeddedKafkaPorts.pick(brokerPort);
            Path logDir = chosenLogDir != null ? chosenLogDir : createTempDir();
            KafkaRaftServer server = null;
            Admin admin = null;
            try {
                long attemptBegan = System.nanoTime();
                Files.createDirectories(logDir);
                EmbeddedKafkaStorage.formatUnlessFormatted(logDir);
                long formatted = System.nanoTime();
                server = new KafkaRaftServer(
                        KafkaConfig.fromProps(EmbeddedKafkaSettings.forNode(ports, logDir, overrides), false), Time.SYSTEM);
                server.startup();
                long started = System.nanoTime();
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.bootstrapServers()));
                awaitServing(admin);
                Duration startupTime = Duration.ofNanos(System.nanoTime() - began);
                log.info("Kafka broker started at {} in {} ms (format {} ms, server {} ms, first answer {} ms; log dir {})",
                        ports.bootstrapServers(), startupTime.toMillis(), millis(attemptBegan, formatted),
                        millis(formatted, started), millis(started, System.nanoTime()), logDir);
                return new Running(server, ports, logDir, chosenLogDir == null, admin, startupTime);
            } catch (Exception e) {
                stopQuietly(server, admin);
                if (chosenLogDir == null) {
                    deleteQuietly(logDir);
                }
                if (!isPortClash(e) || attempt == ATTEMPTS) {
                    throw new IllegalStateException("embedded Kafka broker did not start (attempt " + attempt + ")", e);
                }
                log.info("port {} or {} was taken before the broker bound it; retrying with new ports",
                        ports.broker(), ports.controller());
            }
        }
    }

    static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static void awaitServing(Admin admin) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                // Only unfenced brokers are listed, so any node here means topics can be created.
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        TimeoutException timeout = new TimeoutException("broker not serving after " + READY_TIMEOUT);
        timeout.initCause(last);
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
                stop(server);
            } catch (RuntimeException e) {
                log.debug("ignored while stopping a broker that failed to start", e);
            }
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("surprisal-kafka-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary log directory", e);
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
