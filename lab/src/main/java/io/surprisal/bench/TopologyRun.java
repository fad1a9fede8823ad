package io.surprisal.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.CloseOptions;
import io.surprisal.stream.DetectorTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One Kafka Streams application under measurement. Its clock starts when the application reaches
 * RUNNING (partitions assigned, stores restored) and stops when the group's committed offsets reach
 * the end of the input, and of every repartition topic the input went through on the way: under exactly-once that
 * commit is the transaction that also made every output and changelog record visible, so nothing is counted as done
 * before it really is.
 */
final class TopologyRun implements AutoCloseable {
    private final String applicationId;
    private final KafkaStreams streams;
    private final Admin admin;
    private final String bootstrap;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicLong runningAt = new AtomicLong();
    private final AtomicLong cpuAtRunning = new AtomicLong();
    private long cpuNanos;
    private final AtomicLong restoreStartedAt = new AtomicLong();
    private final AtomicLong restoreEndedAt = new AtomicLong();
    private final AtomicLong restored = new AtomicLong();

    TopologyRun(Topology topology, Properties props) {
        this.applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        this.streams = new KafkaStreams(topology, props);
        this.streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && runningAt.get() == 0) {
                cpuAtRunning.set(processCpuNanos());
                runningAt.set(System.nanoTime());
                running.countDown();
            }
        });
        this.streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            // The global model store restores at start-up, before any rebalance: it would stretch the figure.
            @Override
            public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
                if (!store.equals(DetectorTopology.MODEL_STORE)) {
                    restoreStartedAt.compareAndSet(0, System.nanoTime());
                }
            }

            @Override
            public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long n) {
                if (!store.equals(DetectorTopology.MODEL_STORE)) {
                    restored.addAndGet(n);
                }
            }

            @Override
            public void onRestoreEnd(TopicPartition tp, String store, long total) {
                if (!store.equals(DetectorTopology.MODEL_STORE)) {
                    restoreEndedAt.set(System.nanoTime());
                }
            }
        });
        this.bootstrap = props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Starts the application and waits for RUNNING; returns the wall time from start to RUNNING. */
    Duration start(Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        streams.start();
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(applicationId + " did not reach RUNNING within " + timeout + " (state " + streams.state() + ")");
        }
        return Duration.ofNanos(runningAt.get() - t0);
    }

    /**
     * CPU time the whole process (stream thread, broker, clients) spent between RUNNING and the
     * final commit: unlike wall time it does not grow when other processes take the cores.
     */
    Duration cpuTime() {
        return Duration.ofNanos(cpuNanos);
    }

    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /**
     * How the stream thread spent its time lately (Kafka Streams' own thread metrics, a 30 s window):
     * e.g. {@code poll=0.05 process=0.80 commit=0.12 punctuate=0.00 commit-latency-avg=9.1ms}.
     */
    String threadTime() {
        StringBuilder sb = new StringBuilder();
        for (String m : List.of("poll-ratio", "process-ratio", "commit-ratio", "punctuate-ratio", "commit-latency-avg")) {
            double sum = 0;
            for (var e : streams.metrics().entrySet()) {
                if (e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals(m)
                        && e.getValue().metricValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                    sum += n.doubleValue();
                }
            }
            sb.append(m.replace("-ratio", "")).append('=')
                    .append(String.format(java.util.Locale.ROOT, m.endsWith("avg") ? "%.1fms " : "%.2f ", sum));
        }
        return sb.toString().trim();
    }

    KafkaStreams streams() {
        return streams;
    }

    /** Records restored from changelogs so far, and the time from the first restore start to the last restore end. */
    long restoredRecords() {
        return restored.get();
    }

    Duration restoreTime() {
        long s = restoreStartedAt.get();
        long e = restoreEndedAt.get();
        return s == 0 || e == 0 ? Duration.ZERO : Duration.ofNanos(e - s);
    }

    /**
     * Waits until the application has committed every offset in {@code ends}; returns the time since
     * it reached RUNNING.
     */
    Duration awaitCommitted(Map<TopicPartition, Long> ends, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> repartitioned = null;
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            long now = System.nanoTime();
            boolean done = reached(committed, ends);
            if (done && repartitioned == null) {
                // The input's end is committed, so is every record the ingest wrote to a repartition topic (under
                // exactly-once in the same transaction): from now on those topics are complete, and the points have
                // gone all the way only when the group has committed past the last record of each of them too.
                repartitioned = lastRecords(repartitionTopics());
            }
            if (done && reached(committed, repartitioned)) {
                cpuNanos = processCpuNanos() - cpuAtRunning.get();
                return Duration.ofNanos(now - runningAt.get());
            }
            if (now > deadline) {
                throw new IllegalStateException(applicationId + " did not consume its input within " + timeout
                        + " (committed " + committed + ", ends " + ends + ", repartition topics " + repartitioned + ")");
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException(applicationId + " stopped: " + streams.state());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Whether the committed offsets have passed {@code ends} (the offset after each partition's last record). */
    private static boolean reached(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends) {
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (c == null || c.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<String> repartitionTopics() throws Exception {
        return admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get().stream()
                .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition")).toList();
    }

    /**
     * The offset after the last record of each partition of {@code topics}: not the log's end, which under exactly-once
     * is a transaction marker that a consumer's committed position need not pass.
     */
    private Map<TopicPartition, Long> lastRecords(List<String> topics) throws Exception {
        Map<TopicPartition, Long> last = new HashMap<>();
        if (topics.isEmpty()) {
            return last;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long end = endOffsets.get(tp);
                // A few offsets back from the end covers the markers after the last record.
                consumer.seek(tp, Math.max(0, end - TAIL));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < endOffsets.get(tp)) && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    last.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
                }
            }
        }
        return last;
    }

    /** Offsets read back from a repartition topic's end to find its last record: markers take one offset each. */
    private static final int TAIL = 16;

    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Leave the group: a restart under the same application id should not wait out the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(60)));
        admin.close(Duration.ofSeconds(5));
    }
}
