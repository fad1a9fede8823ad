package io.surprisal.history;

import io.surprisal.stream.BadRecordException;
import io.surprisal.stream.ClientSettings;
import io.surprisal.stream.ParseOutput;
import io.surprisal.stream.PointParser;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a time range of the points topic into per-series histories for the trainer, through the
 * detector's own {@link PointParser}, so a record the detector would dead-letter is not learned
 * from. It scales by sampling: a series is kept when a hash of its id falls in the sampled share,
 * and at most {@code maxPoints} recent points are kept per series. It reads with its own
 * assignment (no consumer group), so it never disturbs the running detectors.
 */
public final class HistoryReader {
    private final TopologySpec spec;
    private final Map<String, Object> clientConfig;

    public HistoryReader(TopologySpec spec, String bootstrapServers, Map<String, Object> overrides) {
        this.spec = spec;
        this.clientConfig = ClientSettings.of(bootstrapServers, overrides);
        clientConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        clientConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        clientConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    }

    /**
     * @param share     fraction of series to keep, in (0, 1]
     * @param maxPoints most recent points kept per series
     * @param progress  receives a line now and then
     */
    public List<SeriesHistory> read(Instant from, Instant to, double share, int maxPoints, Consumer<String> progress) {
        PointParser parser = new PointParser(spec.input, System::currentTimeMillis);
        Map<String, Buffer> series = new HashMap<>();
        ParseOutput parsed = new ParseOutput();
        long records = 0;
        long rejected = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(clientConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(spec.topics.points, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            c.assign(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = c.offsetsForTimes(query);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = start.get(tp);
                c.seek(tp, o == null ? end.get(tp) : o.offset());
            }
            long lastReport = System.nanoTime();
            while (!caughtUp(c, partitions, end)) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(500))) {
                    records++;
                    try {
                        parser.parse(rec.key(), rec.value(), rec.timestamp(), parsed);
                    } catch (BadRecordException e) {
                        rejected++;
                        continue;
                    }
                    rejected += parsed.badLines().size(); // the good lines of a record are learned from
                    for (PointParser.ParsedPoint p : parsed.points()) {
                        if (p.ts() < from.toEpochMilli() || p.ts() >= to.toEpochMilli() || !sampled(p.series(), share)) {
                            continue;
                        }
                        series.computeIfAbsent(p.series(), k -> new Buffer(maxPoints)).add(p.ts(), p.value());
                    }
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.accept("read " + records + " records, " + series.size() + " series kept");
                }
            }
        }
        progress.accept("read " + records + " records (" + rejected + " rejected by validation), " + series.size()
                + " series kept from " + from + " to " + to);
        List<SeriesHistory> out = new ArrayList<>();
        series.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(e.getValue().toHistory(e.getKey())));
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> c, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (c.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    static boolean sampled(String series, double share) {
        if (share >= 1) {
            return true;
        }
        int h = series.hashCode() * 0x9E3779B9;
        return ((h >>> 8) & 0xFFFFFF) < share * 0x1000000;
    }

    /** The most recent points of one series, in arrival order. */
    private static final class Buffer {
        private final int max;
        private long[] ts = new long[64];
        private double[] values = new double[64];
        private int start;
        private int size;

        Buffer(int max) {
            this.max = max;
        }

        void add(long t, double v) {
            if (size == max) {
                ts[start] = t;
                values[start] = v;
                start = (start + 1) % max;
                return;
            }
            if (size == ts.length) {
                ts = java.util.Arrays.copyOf(ts, Math.min(max, size * 2));
                values = java.util.Arrays.copyOf(values, ts.length);
            }
            ts[size] = t;
            values[size] = v;
            size++;
        }

        SeriesHistory toHistory(String id) {
            long[] t = new long[size];
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                int j = (start + i) % max;
                t[i] = ts[j];
                v[i] = values[j];
            }
            return new SeriesHistory(id, t, v);
        }
    }
}
