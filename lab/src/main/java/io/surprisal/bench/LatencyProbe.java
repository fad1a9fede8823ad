package io.surprisal.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Produce-to-score latency of a running detector: a producer paced at a fixed rate sends the i-th
 * point at {@code start + i / rate}, and a read_committed consumer of the scores topic — what any
 * downstream reader sees — recovers i from the score's series and event time (the points are
 * deterministic: round and series give the index) and takes the difference when the score arrives.
 * The topology carries no input header onto scores, so nothing is stamped on the record. Same JVM,
 * so the clocks agree to the nanosecond. Each point is measured from its scheduled send time, so a
 * producer that falls behind does not hide the delay (no coordinated omission). A first pass at the
 * same rate warms the code paths the probe adds and is not counted: its traffic, small batches read as soon
 * as they commit, is new to the broker's and the clients' code, which the JIT goes on compiling for tens of
 * seconds on two cores (5.5–7.6 µs of compiler CPU a point in a measured pass after 15 s of warm-up, 1.3–4.4
 * after 30). The producer and the consumer live across both passes, as a deployment's clients do, so the
 * measured pass opens with connections, metadata and buffers in place. Each pass also notes the JVM's
 * collections ({@link JvmPauses}) and where the CPU went ({@link CpuBreakdown}) meanwhile: the broker, the
 * clients and Kafka Streams share one JVM and the machine's cores, so a tail the JVM or a neighbour caused
 * can be told from one the detector caused.
 */
final class LatencyProbe implements AutoCloseable {
    /** How far behind its schedule the paced producer may fall before the probe's figures are void. */
    static final long MAX_PRODUCER_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A time not measured: the latency of a point whose score has not arrived, the acknowledgement of a failed produce. */
    static final long UNMEASURED = Long.MIN_VALUE;

    /** Percentiles of one part of a pass, in ms. */
    record Latencies(int count, double p50Ms, double p99Ms, double maxMs) {
        static Latencies of(long[] nanos) {
            int n = nanos.length;
            Arrays.sort(nanos);
            return new Latencies(n, ms(percentile(nanos, n, 0.50)), ms(percentile(nanos, n, 0.99)),
                    ms(n == 0 ? 0 : nanos[n - 1]));
        }

        String describe() {
            return String.format(java.util.Locale.ROOT, "p50=%.1fms p99=%.1fms max=%.1fms", p50Ms, p99Ms, maxMs);
        }
    }

    /**
     * One measured pass: {@code firstHalf} and {@code secondHalf} split the points by send order;
     * {@code producerLagMs} is the furthest the paced producer fell behind its schedule; {@code bySendOrder} holds
     * each point's latency in ns by its send index ({@link #UNMEASURED} when it was not scored); {@code acked} and
     * {@code ackedBySendOrder} the same for the broker's acknowledgement of each point's produce ({@link #UNMEASURED}
     * when it failed), the part of the latency before Kafka Streams can read the point; {@code gc} holds the JVM's
     * collections and {@code cpuPerPoint} where the CPU went ({@link CpuBreakdown}, µs a point sent), from the pass's
     * start to its last score.
     */
    record Result(double rate, long sent, long received, Latencies all, Latencies firstHalf, Latencies secondHalf,
                  double producerLagMs, long[] bySendOrder, Latencies acked, long[] ackedBySendOrder, JvmPauses.Report gc,
                  String cpuPerPoint) {
        /** Why the figures cannot be trusted, or null: every point scored, sent on schedule. */
        String failure() {
            if (received < sent) {
                return "only " + received + " of " + sent + " points were scored within a minute of the probe's end";
            }
            if (producerLagMs * 1e6 > MAX_PRODUCER_LAG_NANOS) {
                return String.format(java.util.Locale.ROOT, "the paced producer fell %.1f ms behind its schedule"
                        + " (more than %d ms): the machine could not even send at this rate", producerLagMs,
                        TimeUnit.NANOSECONDS.toMillis(MAX_PRODUCER_LAG_NANOS));
            }
            return null;
        }

        /**
         * Writes one row per point in send order: its scheduled send time from the pass's start, its latency and the
         * time until the broker acknowledged it, in ms (empty when not scored, or not acknowledged).
         */
        void writeCsv(Path file) throws IOException {
            double intervalMs = 1e3 / rate;
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("sent_ms,latency_ms,acked_ms\n");
                for (int i = 0; i < bySendOrder.length; i++) {
                    w.write(String.format(java.util.Locale.ROOT, "%.3f,%s,%s%n", i * intervalMs, msOrEmpty(bySendOrder[i]),
                            msOrEmpty(ackedBySendOrder[i])));
                }
            }
        }

        private static String msOrEmpty(long nanos) {
            return nanos == UNMEASURED ? "" : String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
        }
    }

    private final String bootstrapServers;
    private final String pointsTopic;
    private final BenchInput input;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    /** The thread that sends on schedule, one for both passes so that its CPU is still counted when a pass ends. */
    private final ExecutorService pacer = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-paced-producer"));
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
        Map<String, Object> pc = BenchInput.producerConfig(bootstrapServers);
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 5); // the client default: a probe should not wait long to fill batches
        this.producer = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A warm-up pass for {@code warmup} (none if zero), then the measured pass for {@code duration}, both at {@code rate}. */
    static Result run(String bootstrapServers, String pointsTopic, String scoresTopic, BenchInput input,
                      long fromRound, double rate, Duration warmup, Duration duration) throws Exception {
        try (LatencyProbe probe = new LatencyProbe(bootstrapServers, pointsTopic, scoresTopic, input, fromRound)) {
            if (!warmup.isZero()) {
                probe.pass(rate, warmup);
            }
            return probe.pass(rate, duration);
        }
    }

    Result pass(double rate, Duration duration) throws Exception {
        long total = Math.max(1, Math.min((long) (rate * duration.toNanos() / 1e9), Integer.MAX_VALUE - 8));
        long[] bySendOrder = new long[(int) total];
        Arrays.fill(bySendOrder, UNMEASURED);
        long[] ackedBySendOrder = new long[(int) total];
        Arrays.fill(ackedBySendOrder, UNMEASURED);
        int received = 0;
        AtomicLong sent = new AtomicLong();
        AtomicLong lag = new AtomicLong();
        AtomicLong start = new AtomicLong(Long.MIN_VALUE);
        AtomicReference<Exception> failure = new AtomicReference<>();
        double intervalNanos = 1e9 / rate;
        long fromRound = nextRound;
        nextRound += (total + input.series() - 1) / input.series();
        JvmPauses.Report pauses;
        String cpuPerPoint;
        try (JvmPauses gc = new JvmPauses()) {
            CpuBreakdown cpu = new CpuBreakdown();
            Future<?> paced = pacer.submit(() -> pace(fromRound, intervalNanos, total, start, sent, lag, ackedBySendOrder, failure));
            long deadline = System.nanoTime() + duration.toNanos() + TimeUnit.SECONDS.toNanos(60);
            while (received < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    long i = index(r, fromRound);
                    if (i < 0 || i >= total || bySendOrder[(int) i] != UNMEASURED) {
                        continue; // an event record, or a point of another pass
                    }
                    bySendOrder[(int) i] = now - (start.get() + (long) (i * intervalNanos));
                    received++;
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            paced.get();
            pauses = gc.report();
            cpuPerPoint = cpu.perRecord(Math.max(1, sent.get()));
        }
        int half = (int) (total / 2);
        return new Result(rate, sent.get(), received, Latencies.of(measured(bySendOrder, 0, (int) total)),
                Latencies.of(measured(bySendOrder, 0, half)), Latencies.of(measured(bySendOrder, half, (int) total)),
                ms(lag.get()), bySendOrder, Latencies.of(measured(ackedBySendOrder, 0, (int) total)), ackedBySendOrder, pauses,
                cpuPerPoint);
    }

    /** The times of the points sent from index {@code from} to {@code to} (exclusive) that were measured. */
    private static long[] measured(long[] bySendOrder, int from, int to) {
        return Arrays.stream(bySendOrder, from, to).filter(nanos -> nanos != UNMEASURED).toArray();
    }

    /** The send index of the point a score is for, from its key (series) and its {@code ts} (round); -1 if not a score of ours. */
    private long index(ConsumerRecord<byte[], byte[]> r, long fromRound) {
        int s = r.key() == null ? -1 : BenchInput.seriesOf(r.key());
        byte[] v = r.value();
        int at = v == null ? -1 : BenchInput.indexOf(v, TS, 0);
        if (s < 0 || at < 0) {
            return -1;
        }
        int from = at + TS.length;
        int to = from;
        while (to < v.length && v[to] != '"') {
            to++;
        }
        if (roundOfTs.size() > 100_000) {
            roundOfTs.clear(); // a pass names a few hundred rounds at most: whatever fills this is not ours
        }
        Long round = roundOfTs.computeIfAbsent(new String(v, from, to - from, StandardCharsets.US_ASCII), this::round);
        return round == null ? -1 : (round - fromRound) * input.series() + s;
    }

    /** The round a score's timestamp text names, or null when it is no timestamp. */
    private Long round(String ts) {
        try {
            return input.roundOf(Instant.parse(ts).toEpochMilli());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final byte[] TS = "\"ts\":\"".getBytes(StandardCharsets.US_ASCII);
    /**
     * Timestamp texts already read, with their rounds: all the points of a round share one, and parsing it with
     * {@code Instant.parse} for every score cost the probe's consumer (on the machine it measures) about a µs a point.
     */
    private final Map<String, Long> roundOfTs = new HashMap<>();

    /**
     * Sends the pass's points on schedule. Each acknowledgement is written into {@code acked} by the producer's I/O
     * thread; the flush at the end returns only after every callback has run, so the pass reads them all once this
     * returns.
     */
    private void pace(long fromRound, double intervalNanos, long total, AtomicLong start, AtomicLong sent, AtomicLong lag,
                      long[] acked, AtomicReference<Exception> failure) {
        try {
            long t0 = System.nanoTime();
            start.set(t0); // before the first send, so the consumer never sees a score without it
            int series = input.series();
            for (long i = 0; i < total; i++) {
                long due = t0 + (long) (i * intervalNanos);
                long wait = due - System.nanoTime();
                if (wait > 50_000) {
                    LockSupport.parkNanos(wait);
                }
                int s = (int) (i % series);
                long round = fromRound + i / series;
                int index = (int) i;
                producer.send(new ProducerRecord<>(pointsTopic, input.key(s), input.value(s, round)), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked[index] = System.nanoTime() - due;
                    }
                });
                sent.incrementAndGet();
                lag.accumulateAndGet(System.nanoTime() - due, Math::max);
            }
            producer.flush();
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
        pacer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
