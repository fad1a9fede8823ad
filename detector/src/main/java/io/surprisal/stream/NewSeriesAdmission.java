package io.surprisal.stream;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The new-series cap: at most {@code perMinute} new series whose first point falls in one minute of
 * event time (the point's own timestamp), per task. Counts live in a changelogged store, so a rebalance
 * or restart keeps them and a replay admits the same series. Counting by each point's minute, not by a
 * window that the newest timestamp opens, means one far-future point cannot freeze the cap: it only
 * takes one place in its own minute.
 */
final class NewSeriesAdmission {
    /** Minutes of counts kept behind the newest one: points older than a day rarely start a series. */
    static final long RETAINED_MINUTES = 24 * 60;

    private final KeyValueStore<Long, Integer> counts;
    private final int perMinute;

    NewSeriesAdmission(KeyValueStore<Long, Integer> counts, int perMinute) {
        this.counts = counts;
        this.perMinute = perMinute;
    }

    /** Whether a new series whose first point is at {@code ts} may enter; counts it if so. */
    boolean admit(long ts) {
        if (perMinute <= 0) {
            return true;
        }
        Long minute = Math.floorDiv(ts, 60_000L);
        Integer n = counts.get(minute);
        int seen = n == null ? 0 : n;
        if (seen >= perMinute) {
            return false;
        }
        counts.put(minute, seen + 1);
        return true;
    }

    /** Forgets minutes more than a day of stream time behind {@code streamTime}, at most {@code batch} of them. */
    int prune(long streamTime, int batch) {
        long oldest = Math.floorDiv(streamTime, 60_000L) - RETAINED_MINUTES;
        List<Long> old = new ArrayList<>();
        try (KeyValueIterator<Long, Integer> it = counts.all()) {
            while (old.size() < batch && it.hasNext()) {
                KeyValue<Long, Integer> kv = it.next();
                if (kv.key >= oldest) {
                    break; // keys come in order
                }
                old.add(kv.key);
            }
        }
        for (Long key : old) {
            counts.delete(key);
        }
        return old.size();
    }
}
