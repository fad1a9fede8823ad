package io.surprisal.ops;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import io.surprisal.document.ModelDocument;
import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreBytesTest {

    private final Map<MetricName, Metric> metrics = new HashMap<>();
    private final StoreBytes bytes = new StoreBytes(() -> metrics);

    @Test
    void sumsSstFilesAndMemtablesOverEveryRocksDbStoreAndTask() {
        store(StoreBytes.SST_FILES, "0_0", "series", 10_000);
        store(StoreBytes.MEMTABLES, "0_0", "series", 2_000);
        store(StoreBytes.SST_FILES, "0_1", "series", 7_000);
        store(StoreBytes.SST_FILES, "0_0", "incidents", 300);

        assertEquals(19_300, bytes.getAsLong());
    }

    @Test
    void ignoresOtherStoreMetricsAndStoresThatAreNotRocksDb() {
        store(StoreBytes.SST_FILES, "0_0", "series", 100);
        store("live-sst-files-size", "0_0", "series", 100); // a subset of the total: counting it would count twice
        store("estimate-num-keys", "0_0", "series", 5);
        MetricName inMemory = new MetricName(StoreBytes.SST_FILES, StoreBytes.GROUP, "",
                Map.of("thread-id", "t", "task-id", "0_0", "in-memory-state-id", "models"));
        metrics.put(inMemory, new FixedMetric(inMemory, 1_000_000));

        assertEquals(100, bytes.getAsLong());
    }

    @Test
    void isZeroWithoutTasksAndSkipsValuesNotYetRead() {
        assertEquals(0, bytes.getAsLong());
        store(StoreBytes.SST_FILES, "0_0", "series", Double.NaN);
        assertEquals(0, bytes.getAsLong());
    }

    /** Through a real topology and its RocksDB stores: the sizes are there without any recording-level setting. */
    @Test
    void measuresTheTopologysRocksDbStores(@TempDir Path stateDir) throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: store-bytes\n");
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            StoreBytes measured = new StoreBytes(driver::metrics);
            long empty = measured.getAsLong();
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(spec.topics.points,
                    new ByteArraySerializer(), new ByteArraySerializer());
            Instant t0 = Instant.now().minus(Duration.ofDays(1));
            for (int i = 0; i < 500; i++) {
                String json = "{\"series\":\"s" + (i % 50) + "\",\"ts\":\"" + t0.plusSeconds(60L * i) + "\",\"value\":" + i + "}";
                in.pipeInput(("s" + (i % 50)).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
            }

            assertTrue(measured.getAsLong() > empty, "store bytes " + empty + " -> " + measured.getAsLong());
        }
    }

    private void store(String name, String task, String store, double value) {
        MetricName metricName = new MetricName(name, StoreBytes.GROUP, "",
                Map.of("thread-id", "detector-StreamThread-1", "task-id", task, StoreBytes.ROCKSDB_STORE_TAG, store));
        metrics.put(metricName, new FixedMetric(metricName, value));
    }

    private record FixedMetric(MetricName metricName, Object metricValue) implements Metric {
    }
}
