package io.surprisal.stream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series store's RocksDB writes, gathered into one write batch per commit (or per {@link #BATCH_CONFIG} puts)
 * instead of one RocksDB write per point. It sits below Kafka Streams' changelogging layer, so every put still goes
 * to the changelog at once; only the local copy waits, as Kafka Streams' own record cache would make it wait, without
 * the record cache's burst of changelog sends at each commit (see DecodedStates).
 *
 * <p>Why: a RocksDB write through JNI costs about as much for 8 bytes as for 700, and one of a batch of a thousand
 * about 0.6 µs less (StoreWriteBench: 1.82 against 1.21 µs a 700-byte put, without the write-ahead log as Kafka
 * Streams writes). In
 * {@code bench} (10k series, exactly-once; two sets of six runs, each alternating with {@value #BATCH_CONFIG}=1) the
 * detector's stream thread spent 11.3–11.4 µs a point against 12.0–12.2, and the detector ran at 73.9k–74.9k
 * records/s against 69.0k–70.4k. It costs a map node and a pair a point on the heap (about 56 bytes, beside the 728 of
 * the serialised state itself), and holds at most a batch of states a task until they are written (1000 states of
 * about 0.7 KiB: 0.7 MiB a task, freed at every commit).
 *
 * <p>Reads see every write at once: a get looks at the pending writes first, and anything that iterates or queries
 * the store writes them out first. Flush, commit and close write them out too, so the local checkpoint Kafka
 * Streams writes after a commit never names a changelog offset whose state is not in RocksDB. Only the stream
 * thread writes; interactive queries read from other threads, so the pending writes are a concurrent map, and
 * writing them out is serialised with the puts.
 */
final class BatchedStoreWrites implements KeyValueStore<Bytes, byte[]> {
    /** Streams config key: the most puts one batch gathers before it is written; 1 (or less) writes each put at once. */
    static final String BATCH_CONFIG = "surprisal.store.write.batch";
    static final int DEFAULT_BATCH = 1000;

    /** {@code inner}'s stores with their writes batched. */
    static KeyValueBytesStoreSupplier around(KeyValueBytesStoreSupplier inner) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new BatchedStoreWrites(inner.get());
            }

            @Override
            public String metricsScope() {
                return inner.metricsScope();
            }
        };
    }

    private final KeyValueStore<Bytes, byte[]> inner;
    private final ConcurrentHashMap<Bytes, byte[]> pending = new ConcurrentHashMap<>();
    private final List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>();
    private int maxBatch = DEFAULT_BATCH;

    BatchedStoreWrites(KeyValueStore<Bytes, byte[]> inner) {
        this.inner = inner;
    }

    static int maxBatch(Map<String, Object> configs) {
        return (int) Math.max(1, Math.min(1_000_000, ClientSettings.number(configs, BATCH_CONFIG, DEFAULT_BATCH)));
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        maxBatch = maxBatch(context.appConfigs());
        inner.init(context, root);
    }

    @Override
    public synchronized void put(Bytes key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        if (maxBatch <= 1) {
            inner.put(key, value);
            return;
        }
        pending.put(key, value);
        if (pending.size() >= maxBatch) {
            writePending();
        }
    }

    @Override
    public synchronized byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public synchronized void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        for (KeyValue<Bytes, byte[]> e : entries) {
            put(e.key, e.value);
        }
    }

    @Override
    public synchronized byte[] delete(Bytes key) {
        byte[] unwritten = pending.remove(key);
        byte[] stored = inner.delete(key);
        return unwritten != null ? unwritten : stored;
    }

    @Override
    public byte[] get(Bytes key) {
        byte[] unwritten = pending.get(key);
        return unwritten != null ? unwritten : inner.get(key);
    }

    /**
     * Writes the pending puts to the inner store as one batch. A put leaves the pending map only after it is in the
     * inner store, so a get from another thread finds it in one or the other; and no put comes in between (both are
     * synchronized), so the map is emptied at once rather than key by key.
     */
    private synchronized void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            for (Map.Entry<Bytes, byte[]> e : pending.entrySet()) {
                batch.add(KeyValue.pair(e.getKey(), e.getValue()));
            }
            inner.putAll(batch);
            pending.clear();
        } finally {
            batch.clear();
        }
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        writePending();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        writePending();
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        writePending();
        return inner.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        writePending();
        return inner.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        writePending();
        return inner.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries() + pending.size();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        writePending();
        return inner.query(query, positionBound, config);
    }

    @Override
    public void flush() {
        writePending();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writePending();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return inner.approximateNumUncommittedBytes();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /**
     * Writes what is pending, then closes the inner store. After a clean close that is already done; after a dirty
     * one it only puts into RocksDB what the changelog holds already (under exactly-once the state is wiped anyway).
     */
    @Override
    public void close() {
        if (inner.isOpen()) {
            writePending();
        }
        inner.close();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }
}
