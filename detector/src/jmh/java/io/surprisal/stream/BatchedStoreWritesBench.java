package io.surprisal.stream;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import io.surprisal.ScratchRocksDb;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * What the series store's put costs through {@link BatchedStoreWrites}: the pending map, the batch and its share of
 * the RocksDB write batch, 10k series' keys in turn and a state-sized value, over RocksDB written as Kafka Streams
 * writes it (no write-ahead log; putAll as one write batch), or over a store that drops them (the wrapper's own
 * cost). {@code StoreWriteBench} prices RocksDB alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BatchedStoreWritesBench {
    /** "rocksdb", or "none": an inner store that drops the writes, leaving the wrapper's own cost. */
    @Param({"rocksdb", "none"})
    public String inner;

    static final int SERIES = 10_000;
    static final int VALUE_BYTES = 700;

    ScratchRocksDb rocks;
    BatchedStoreWrites store;
    Bytes[] keys;
    byte[] value;
    int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setup() throws Exception {
        rocks = new ScratchRocksDb("batched-store-writes-bench");
        RocksDB db = rocks.db;
        WriteOptions writeOptions = rocks.writeOptions;
        // What the wrapper calls below it when it batches (the default): putAll, written as one RocksDB write batch.
        KeyValueStore<Bytes, byte[]> below = (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{KeyValueStore.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("putAll")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (inner.equals("rocksdb")) {
                        try (WriteBatch batch = new WriteBatch()) {
                            for (KeyValue<Bytes, byte[]> kv : (List<KeyValue<Bytes, byte[]>>) args[0]) {
                                batch.put(kv.key.get(), kv.value);
                            }
                            db.write(writeOptions, batch);
                        }
                    }
                    return null;
                });
        store = new BatchedStoreWrites(below);
        keys = new Bytes[SERIES];
        for (int i = 0; i < SERIES; i++) {
            keys[i] = Bytes.wrap(("series-" + i).getBytes(StandardCharsets.UTF_8));
        }
        value = new byte[VALUE_BYTES];
        new SplittableRandom(3).nextBytes(value);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        rocks.close();
    }

    @Benchmark
    public void put() {
        Bytes key = keys[next];
        next = next + 1 == SERIES ? 0 : next + 1;
        store.put(key, value);
    }
}
