package io.surprisal.stream;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the off-heap memory of every RocksDB store in the JVM by one budget ({@link #MEMORY_BYTES}, the
 * spec's {@code rocksdbMemoryMiB}): one block cache shared by all stores, with the memtables charged to it
 * through a write-buffer manager, and index and filter blocks kept in that cache instead of beside it.
 *
 * <p>Why: left to its defaults each store takes its own 50 MB block cache and up to three 16 MB memtables,
 * so an instance holding 8 tasks' stores may use 0.8 GB off the heap, and more with every partition it
 * takes over; the series states are read once per point, so a shared cache that holds the busy ones is
 * all the detector needs. The cache and the manager are shared by every store of every application in
 * the JVM and never closed (stores come and go with rebalances); the first budget configured wins.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    /** Streams config key: the total bytes for block cache and memtables of all stores; absent or 0 = RocksDB's own defaults. */
    public static final String MEMORY_BYTES = "surprisal.rocksdb.memory.bytes";
    /** The share of the budget that memtables may take before RocksDB flushes them. */
    static final double WRITE_BUFFER_SHARE = 0.25;
    /** Index and filter blocks are kept in the high-priority part of the cache, so data blocks do not evict them. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;
    /** One memtable's size: a quarter of the write-buffer share, so a few stores can fill theirs before a flush. */
    private static final long MAX_MEMTABLE_BYTES = 16L << 20;

    private static Shared shared;

    /** The shared cache, created by the first store configured with a budget. */
    private record Shared(long budget, LRUCache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long budget = budget(configs);
        if (budget <= 0) {
            return;
        }
        Shared s = shared(budget);
        // Kafka Streams hands over its own table config (keep its other settings); a bare Options has none.
        BlockBasedTableConfig table = options.tableFormatConfig() instanceof BlockBasedTableConfig t ? t : new BlockBasedTableConfig();
        table.setBlockCache(s.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(s.writeBuffers);
        long memtable = Math.min(MAX_MEMTABLE_BYTES, Math.max(1L << 20, (long) (budget * WRITE_BUFFER_SHARE / 4)));
        options.setWriteBufferSize(memtable);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager outlive any one store: see the class comment.
    }

    /** Bytes the shared cache holds now (memtables included), or -1 when no store has a budget. */
    public static synchronized long usage() {
        return shared == null ? -1 : shared.cache.getUsage();
    }

    /** The budget in force, or -1 when no store has one. */
    public static synchronized long budget() {
        return shared == null ? -1 : shared.budget;
    }

    static long budget(Map<String, Object> configs) {
        long bytes = ClientSettings.number(configs, MEMORY_BYTES, 0);
        if (bytes < 0) {
            throw new IllegalArgumentException(MEMORY_BYTES + " must be 0 (RocksDB's defaults) or more, was " + bytes);
        }
        return bytes;
    }

    private static synchronized Shared shared(long budget) {
        if (shared == null) {
            // Not strict: with a strict limit a read whose block cannot be cached fails instead of going to disk;
            // unstrict, the cache may exceed its budget only by the blocks that readers hold pinned at that moment.
            LRUCache cache = new LRUCache(budget, -1, false, HIGH_PRIORITY_SHARE);
            shared = new Shared(budget, cache, new WriteBufferManager((long) (budget * WRITE_BUFFER_SHARE), cache));
        }
        return shared;
    }
}
