package io.surprisal.stream;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The series store's batched writes: what reads see at once, and when the inner store gets the writes. */
class BatchedStoreWritesTest {

    private KeyValueStore<Bytes, byte[]> inner;

    private BatchedStoreWrites store(Integer maxBatch) {
        Properties config = new Properties();
        if (maxBatch != null) {
            config.put(BatchedStoreWrites.BATCH_CONFIG, maxBatch.toString());
        }
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config);
        inner = Stores.inMemoryKeyValueStore("series").get();
        BatchedStoreWrites store = new BatchedStoreWrites(inner);
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static Bytes key(String k) {
        return Bytes.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] value(String v) {
        return v.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPutIsReadAtOnceAndReachesTheInnerStoreAtTheCommit() {
        BatchedStoreWrites store = store(null);
        store.put(key("a"), value("1"));
        store.put(key("a"), value("2"));

        assertArrayEquals(value("2"), store.get(key("a")));
        assertNull(inner.get(key("a")), "not written before the commit");
        assertEquals(1, store.approximateNumEntries());

        store.commit(java.util.Map.of());
        assertArrayEquals(value("2"), inner.get(key("a")));
        assertArrayEquals(value("2"), store.get(key("a")));
    }

    @Test
    void aFullBatchIsWrittenWithoutWaitingForTheCommit() {
        BatchedStoreWrites store = store(3);
        store.put(key("a"), value("1"));
        store.put(key("b"), value("1"));
        assertNull(inner.get(key("b")));

        store.put(key("c"), value("1"));
        assertArrayEquals(value("1"), inner.get(key("a")));
        assertArrayEquals(value("1"), inner.get(key("c")));
    }

    @Test
    void aBatchOfOneWritesEachPutThrough() {
        BatchedStoreWrites store = store(1);
        store.put(key("a"), value("1"));
        assertArrayEquals(value("1"), inner.get(key("a")));
    }

    @Test
    void iteratingSeesThePendingWrites() {
        BatchedStoreWrites store = store(null);
        inner.put(key("a"), value("old"));
        store.put(key("a"), value("new"));
        store.put(key("b"), value("1"));

        List<String> seen = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> seen.add(new String(kv.key.get(), StandardCharsets.UTF_8) + "="
                    + new String(kv.value, StandardCharsets.UTF_8)));
        }
        assertEquals(List.of("a=new", "b=1"), seen);
    }

    @Test
    void aDeleteRemovesThePendingAndTheStoredValue() {
        BatchedStoreWrites store = store(null);
        store.put(key("a"), value("1"));
        store.flush();
        store.put(key("a"), value("2"));

        assertArrayEquals(value("2"), store.delete(key("a")));
        assertNull(store.get(key("a")));
        store.flush();
        assertNull(inner.get(key("a")), "the pending write did not come back at the flush");
    }

    @Test
    void aNullValueDeletes() {
        BatchedStoreWrites store = store(null);
        store.put(key("a"), value("1"));
        store.putAll(List.of(KeyValue.pair(key("a"), null), KeyValue.pair(key("b"), value("2"))));
        store.flush();
        assertNull(inner.get(key("a")));
        assertArrayEquals(value("2"), inner.get(key("b")));
    }

    @Test
    @Timeout(60)
    void anotherThreadReadingNeverSeesAnOlderStateThanOnePutBeforeTheRead() throws Exception {
        BatchedStoreWrites store = store(64);
        int keys = 500;
        AtomicIntegerArray latest = new AtomicIntegerArray(keys); // the newest value put for each key (-1: none yet)
        for (int k = 0; k < keys; k++) {
            latest.set(k, -1);
        }
        AtomicInteger stale = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            Random random = new Random(7);
            while (!done.get()) {
                int k = random.nextInt(keys);
                int putBefore = latest.get(k);
                byte[] seen = store.get(key("s" + k));
                int read = seen == null ? -1 : Integer.parseInt(new String(seen, StandardCharsets.UTF_8));
                if (read < putBefore) {
                    stale.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 1_000_000; i++) {
            store.put(key("s" + i % keys), value(Integer.toString(i)));
            latest.set(i % keys, i);
            if (i % 700 == 0) {
                store.commit(java.util.Map.of());
            }
        }
        done.set(true);
        reader.join();
        assertEquals(0, stale.get(), "reads found an older state than one put before them, while it was written out");
    }

    @Test
    @SuppressWarnings("unchecked")
    void closingWritesWhatIsPending() {
        KeyValueStore<Bytes, byte[]> written = Stores.inMemoryKeyValueStore("series").get();
        // The inner store as the wrapper sees it, but its close keeps its contents readable: what reached it before
        // it closed is what a restart would find on disk.
        KeyValueStore<Bytes, byte[]> keeping = (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{KeyValueStore.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(written, args));
        BatchedStoreWrites store = new BatchedStoreWrites(keeping);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        store.put(key("a"), value("1"));
        store.close();
        assertArrayEquals(value("1"), written.get(key("a")));
    }
}
