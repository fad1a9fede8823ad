package io.surprisal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Every store of the JVM draws on one budget: the deployment default, as DetectorTopology.properties sets it. */
class BoundedRocksDbTest {
    private static final long BUDGET = (long) new TopologySpec().rocksdbMemoryMiB << 20;

    @Test
    void storesShareOneCacheThatHoldsTheirBlocksWithinTheBudget(@TempDir Path dir) throws Exception {
        RocksDB.loadLibrary();
        Map<String, Object> configs = Map.of(BoundedRocksDb.MEMORY_BYTES, BUDGET);
        BoundedRocksDb setter = new BoundedRocksDb();
        try (Options a = new Options().setCreateIfMissing(true); Options b = new Options().setCreateIfMissing(true)) {
            setter.setConfig("a", a, configs);
            setter.setConfig("b", b, configs);
            assertEquals(BUDGET, BoundedRocksDb.budget());
            assertEquals((long) (BUDGET * BoundedRocksDb.WRITE_BUFFER_SHARE / 4), a.writeBufferSize());
            assertEquals(2, a.maxWriteBufferNumber());
            try (RocksDB da = RocksDB.open(a, dir.resolve("a").toString()); RocksDB db = RocksDB.open(b, dir.resolve("b").toString())) {
                byte[] value = new byte[600];
                for (int i = 0; i < 20_000; i++) {
                    byte[] key = ("series-" + i).getBytes(StandardCharsets.UTF_8);
                    da.put(key, value);
                    db.put(key, value);
                }
                long used = BoundedRocksDb.usage();
                // Nothing was read yet, so what the cache holds is the memtables the two stores filled (24 MB written,
                // flushed at 8 MiB each): charged to the one cache, not beside it.
                assertTrue(used >= 4L << 20, "cache holds the memtables: " + used);
                assertTrue(used <= BUDGET, "within the budget: " + used);
                assertEquals(600, da.get("series-17".getBytes(StandardCharsets.UTF_8)).length);
            }
            setter.close("a", a);
            setter.close("b", b);
        }
    }

    @Test
    void withoutABudgetRocksDbKeepsItsDefaults() {
        RocksDB.loadLibrary();
        try (Options defaults = new Options(); Options o = new Options()) {
            new BoundedRocksDb().setConfig("s", o, Map.of());
            assertEquals(defaults.writeBufferSize(), o.writeBufferSize());
            assertEquals(defaults.maxWriteBufferNumber(), o.maxWriteBufferNumber());
        }
    }

    @Test
    void theBudgetIsReadFromNumbersOrTextAndNeverNegative() {
        assertEquals(0, BoundedRocksDb.budget(Map.of()));
        assertEquals(5L << 20, BoundedRocksDb.budget(Map.of(BoundedRocksDb.MEMORY_BYTES, 5L << 20)));
        assertEquals(1024, BoundedRocksDb.budget(Map.of(BoundedRocksDb.MEMORY_BYTES, " 1024")));
        assertThrows(IllegalArgumentException.class, () -> BoundedRocksDb.budget(Map.of(BoundedRocksDb.MEMORY_BYTES, -1L)));
    }
}
