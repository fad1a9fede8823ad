package io.surprisal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * What a series state's RocksDB write costs, one put at a time (as the series store wrote before
 * {@code BatchedStoreWrites}) against one write batch of {@code batch} puts: 10k series' keys in turn, values of
 * a state's size or of a count's, without the write-ahead log, as Kafka Streams writes. The time is per put; the
 * batched one includes its share of the batch's write.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StoreWriteBench {
    @Param({"8", "700"})
    public int valueBytes;

    @Param({"1000"})
    public int batch;

    static final int SERIES = 10_000;

    ScratchRocksDb rocks;
    WriteBatch pending;
    byte[][] keys;
    byte[] value;
    int next;
    int inBatch;

    @Setup(Level.Trial)
    public void setup() throws IOException, RocksDBException {
        rocks = new ScratchRocksDb("store-write-bench");
        pending = new WriteBatch();
        keys = new byte[SERIES][];
        for (int i = 0; i < SERIES; i++) {
            keys[i] = ("series-" + i).getBytes(StandardCharsets.UTF_8);
        }
        value = new byte[valueBytes];
        new SplittableRandom(3).nextBytes(value);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pending.close();
        rocks.close();
    }

    private byte[] nextKey() {
        byte[] key = keys[next];
        next = next + 1 == SERIES ? 0 : next + 1;
        return key;
    }

    @Benchmark
    public void putEach() throws RocksDBException {
        rocks.db.put(rocks.writeOptions, nextKey(), value);
    }

    @Benchmark
    public void putBatched() throws RocksDBException {
        pending.put(nextKey(), value);
        if (++inBatch == batch) {
            rocks.db.write(rocks.writeOptions, pending);
            pending.clear();
            inBatch = 0;
        }
    }
}
