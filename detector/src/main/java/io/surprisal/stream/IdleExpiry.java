package io.surprisal.stream;

import io.surprisal.state.CorruptStateException;
import io.surprisal.state.SeriesStateSerde;
import io.surprisal.state.SeriesSummary;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Drops series whose newest point is older than the idle expiry, in stream time, a bounded number of
 * series per call: a whole-store scan with millions of idle series, deleted in one transaction on the
 * stream thread, outlived {@code transaction.timeout.ms}, was fenced and started over, forever. Each call
 * goes on from the key after the last one it looked at and wraps around at the end of the store.
 */
final class IdleExpiry {
    private final KeyValueStore<String, byte[]> store;
    private final long idleMs;
    private final int batch;
    /** Deletes a series' state (from the store and from wherever else it is kept). */
    private final Consumer<String> delete;
    private final SeriesStateSerde serde = new SeriesStateSerde();
    /** The first key the next call looks at; null: the start of the store. */
    private String cursor;

    IdleExpiry(KeyValueStore<String, byte[]> store, long idleMs, int batch) {
        this(store, idleMs, batch, store::delete);
    }

    IdleExpiry(KeyValueStore<String, byte[]> store, long idleMs, int batch, Consumer<String> delete) {
        this.store = store;
        this.delete = delete;
        this.idleMs = idleMs;
        this.batch = batch;
    }

    /** Result of one call: series looked at, deleted, and whether the pass over the store ended. */
    record Step(int examined, int expired, boolean wrapped) {
    }

    Step step(long streamTime) {
        long cutoff = streamTime - idleMs;
        List<String> expired = new ArrayList<>();
        int examined = 0;
        boolean wrapped;
        try (KeyValueIterator<String, byte[]> it = cursor == null ? store.all() : store.range(cursor, null)) {
            while (examined < batch && it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                examined++;
                if (idle(kv.value, cutoff)) {
                    expired.add(kv.key);
                }
            }
            wrapped = !it.hasNext();
            cursor = wrapped ? null : it.peekNextKey();
        }
        for (String key : expired) {
            delete.accept(key);
        }
        return new Step(examined, expired.size(), wrapped);
    }

    private boolean idle(byte[] bytes, long cutoff) {
        try {
            return SeriesStateSerde.lastTs(bytes) < cutoff;
        } catch (CorruptStateException e) {
            if (bytes != null && bytes.length > 0 && bytes[0] > SeriesStateSerde.VERSION) {
                return false; // a newer format is not ours to judge, let alone delete
            }
            try {
                // lastTs reads only the current format; an older one is still a series, read in full (rare).
                return SeriesSummary.of(serde.deserialize(bytes)).lastTs() < cutoff;
            } catch (CorruptStateException unreadable) {
                return true; // can never be read again: nothing is lost by dropping it
            }
        }
    }
}
