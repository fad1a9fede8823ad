package io.surprisal.ops;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Source for {@link DetectorMetrics#storeBytes}: the size of this instance's RocksDB stores (series, admission and
 * incidents, in every task it holds) as RocksDB itself reports it through Kafka Streams' state-store metrics: the
 * SST files on disk ({@value #SST_FILES}) plus the memtables not yet flushed to them ({@value #MEMTABLES}).
 *
 * <p>A measurement, not an estimate from the series count: it sees compaction debt, obsolete files awaiting
 * deletion and what a store other than the series one holds. Both metrics are RocksDB properties that Kafka Streams
 * records at the default {@code metrics.recording.level} (INFO) and reads only when asked, so a scrape costs a
 * property read per store and nothing on the stream thread. The in-memory global stores (models, controls) are not
 * RocksDB and not counted; the state directory's other files (checkpoints, locks) are a few bytes.
 */
public final class StoreBytes implements LongSupplier {

    static final String GROUP = "stream-state-metrics";
    /** The tag Kafka Streams puts on the metrics of a persistent key-value store: {@code <scope>-state-id}. */
    static final String ROCKSDB_STORE_TAG = "rocksdb-state-id";
    static final String SST_FILES = "total-sst-files-size";
    static final String MEMTABLES = "size-all-mem-tables";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;

    StoreBytes(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    public static StoreBytes of(KafkaStreams streams) {
        return new StoreBytes(streams::metrics);
    }

    /** Bytes; 0 while this instance holds no task. Read at scrape time. */
    @Override
    public long getAsLong() {
        double bytes = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            MetricName name = entry.getKey();
            if (GROUP.equals(name.group()) && (SST_FILES.equals(name.name()) || MEMTABLES.equals(name.name()))
                    && name.tags().containsKey(ROCKSDB_STORE_TAG)
                    && entry.getValue().metricValue() instanceof Number value
                    && !Double.isNaN(value.doubleValue())) {
                bytes += value.doubleValue();
            }
        }
        return (long) bytes;
    }
}
