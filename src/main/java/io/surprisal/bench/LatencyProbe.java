package io.surprisal.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Produce-to-score latency of a running detector: a producer paced at a fixed rate stamps each
 * point with {@link System#nanoTime()} in a header (the topology carries input headers onto the
 * score record), and a read_committed consumer of the scores topic — what any downstream reader
 * sees — takes the difference when the score arrives. Same JVM, so the clocks agree to the
 * nanosecond. Each point is stamped with its scheduled send time, so a producer that falls behind
 * does not hide the delay (no coordinated omission). A first pass of the same length and rate warms
 * the code paths the probe adds (headers, a live producer and consumer) and is not counted.
 */
final class LatencyProbe implements AutoCloseable {
    static final String HEADER = "bench.sent.nanos";

    /** Latencies in ms; {@code producerLagMs} is how far the paced producer fell behind its schedule at the end. */
    record Result(double rate, long sent, long received, double p50Ms, double p99Ms, double maxMs,
                  double firstHalfP50Ms, double secondHalfP50Ms, double producerLagMs) {
    }

    private final String bootstrapServers;
    private final String pointsTopic;
    private final BenchInput input;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private long nextRound;

    LatencyProbe(String bootstrapServers, String pointsTopic, String scoresTopic, BenchInput input, long fromRound) {
        this.bootstrapServers = bootstrapServers;
        this.pointsTopic = pointsTopic;
        this.input = input;
        this.nextRound = fromRound;
        Map<String, Object> cc = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(scoresTopic).stream()
                .map(p -> new TopicPartition(scoresTopic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
    }

    /** A warm-up pass, then the measured pass, both at {@code rate} for {@code duration}. */
    static Result run(String bootstrapServers, String pointsTopic, String scoresTopic, BenchInput input,
                      long fromRound, double rate, Duration duration) throws Exception {
        try (LatencyProbe probe = new LatencyProbe(bootstrapServers, pointsTopic, scoresTopic, input, fromRound)) {
            probe.pass(rate, duration);
            return probe.pass(rate, duration);
        }
    }

    Result pass(double rate, Duration duration) throws Exception {
        long total = Math.max(1, (long) (rate * duration.toNanos() / 1e9));
        long[] latencies = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
        int received = 0;
        AtomicLong sent = new AtomicLong();
        AtomicLong lag = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long fromRound = nextRound;
        nextRound += (total + input.series() - 1) / input.series();
        Thread producer = new Thread(() -> pace(fromRound, rate, total, sent, lag, failure), "bench-paced-producer");
        producer.start();
        long deadline = System.nanoTime() + duration.toNanos() + TimeUnit.SECONDS.toNanos(60);
        while (received < latencies.length && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                Header h = r.headers().lastHeader(HEADER);
                if (h != null && received < latencies.length) {
                    latencies[received++] = System.nanoTime() - ByteBuffer.wrap(h.value()).getLong();
                }
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }
        producer.join();
        int half = received / 2;
        long[] first = Arrays.copyOf(latencies, half);
        long[] second = Arrays.copyOfRange(latencies, half, received);
        Arrays.sort(first);
        Arrays.sort(second);
        Arrays.sort(latencies, 0, received);
        return new Result(rate, sent.get(), received, ms(percentile(latencies, received, 0.50)),
                ms(percentile(latencies, received, 0.99)), ms(received == 0 ? 0 : latencies[received - 1]),
                ms(percentile(first, first.length, 0.5)), ms(percentile(second, second.length, 0.5)), ms(lag.get()));
    }

    private void pace(long fromRound, double rate, long total, AtomicLong sent, AtomicLong lag, AtomicReference<Exception> failure) {
        Map<String, Object> pc = BenchInput.producerConfig(bootstrapServers);
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 5); // the client default: a probe should not wait long to fill batches
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer())) {
            double intervalNanos = 1e9 / rate;
            long start = System.nanoTime();
            int series = input.series();
            for (long i = 0; i < total; i++) {
                long due = start + (long) (i * intervalNanos);
                long wait = due - System.nanoTime();
                if (wait > 50_000) {
                    LockSupport.parkNanos(wait);
                }
                int s = (int) (i % series);
                long round = fromRound + i / series;
                ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(pointsTopic, input.key(s), input.value(s, round));
                rec.headers().add(HEADER, ByteBuffer.allocate(8).putLong(due).array());
                p.send(rec, (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                sent.incrementAndGet();
                lag.set(System.nanoTime() - due);
            }
            p.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    private static long percentile(long[] sorted, int n, double q) {
        if (n == 0) {
            return 0;
        }
        int i = (int) Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
        return sorted[i];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
