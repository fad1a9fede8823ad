package io.surprisal.stream;

import io.surprisal.state.SeriesState;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The series states a stream thread used last, kept decoded, least recently used first out: a series' next
 * point finds its state here instead of reading and decoding its stored bytes. It stands in for Kafka Streams'
 * record cache on the series store, which is turned off: that cache held every state written in a commit interval
 * and wrote them all to RocksDB and the changelog when the interval ended, in a burst that held back every point
 * behind it (under exactly-once, the commit that makes a point's score visible waited for it; under at-least-once,
 * with 50k series, the stream thread no longer kept up at half its rate). Here each state goes to the store as it
 * is written, and only reads are served from memory. What the cache saved, writing a series' state once a commit
 * interval instead of at every point, only counts for series that send several points a second.
 *
 * <p>Once full, it admits a series only when that series missed recently too ({@link #admits}, a doorkeeper as in
 * TinyLFU): where more series take turns than it holds (a million series, each sending once a minute), least
 * recently used out would evict every entry before its series came back, so every point would pay for an eviction,
 * an insertion and a state object no cache line holds any more, and none would ever hit. Kept out, such series are
 * read into one object the task reuses while it is warm, and the entries the cache holds stay until they are used.
 *
 * <p>One per stream thread, shared by the thread's tasks: a task's processor drops its entries when it closes
 * or starts again ({@link #dropOwnedBy}), so a state whose stored bytes were rolled back (an aborted transaction
 * closes the task) is never served, and an entry is only ever served to the task that put it. Not thread-safe: only
 * its own stream thread touches it.
 */
final class DecodedStates {
    /**
     * Heap per decoded state with its key and map entry, rounded up: a GRU-32 state with its daily profile and
     * weekend part takes 800 bytes of objects and arrays (20,000 of them after 400 points each, measured on the
     * heap after a collection), the entry, its record and the key about 150 more.
     */
    static final long ENTRY_BYTES = 1024;

    private static final ThreadLocal<DecodedStates> PER_THREAD = new ThreadLocal<>();

    private record Entry(SeriesState state, Object owner) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries;
    /** A state object evicted or dropped, reused by the next read from the store (no allocation when full). */
    private SeriesState spare;
    /**
     * The doorkeeper: the hash of the series that last missed in each slot (a slot per entry, rounded up to a power of
     * two: 4 bytes beside each entry's kilobyte), so a series is remembered until about as many other misses as the
     * cache holds entries have passed. A false match (two series' hashes alike) only admits a series early.
     */
    private final int[] recentMisses;

    DecodedStates(int capacity) {
        this.capacity = capacity;
        this.recentMisses = new int[capacity == 0 ? 0 : Integer.highestOneBit(Math.max(1, capacity - 1)) << 1];
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() <= DecodedStates.this.capacity) {
                    return false;
                }
                spare = eldest.getValue().state();
                return true;
            }
        };
    }

    /**
     * The calling stream thread's instance with room for {@code budgetBytes} ({@link #ENTRY_BYTES} each; 0 keeps
     * nothing decoded): the one its tasks share, or a new one when the budget asked for is another (the thread's
     * earlier entries are then dropped: they are a cache).
     */
    static DecodedStates ofThisThread(long budgetBytes) {
        int capacity = (int) Math.min(Integer.MAX_VALUE, Math.max(0, budgetBytes / ENTRY_BYTES));
        DecodedStates mine = PER_THREAD.get();
        if (mine == null || mine.capacity != capacity) {
            mine = new DecodedStates(capacity);
            PER_THREAD.set(mine);
        }
        return mine;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return entries.size();
    }

    /**
     * The decoded state of {@code series} that {@code owner} put, now the most recently used; null when there is
     * none. (A series belongs to one task, but an entry of an owner that never closed, a task long gone, is not
     * served to another.)
     */
    SeriesState get(String series, Object owner) {
        Entry e = entries.get(series);
        return e == null || e.owner() != owner ? null : e.state();
    }

    /**
     * Keeps {@code state} as the decoded state of {@code series}, on behalf of {@code owner}; with no room at all it is
     * evicted at once, and its object is the next spare.
     */
    void put(String series, SeriesState state, Object owner) {
        if (capacity == 0) {
            spare = state;
            return;
        }
        entries.put(series, new Entry(state, owner));
    }

    /**
     * Whether a state of {@code series} just read from the store should be kept decoded ({@link #put}): always while
     * there is room; once full, only when the series missed recently too, which this call notes for next time.
     */
    boolean admits(String series) {
        if (capacity == 0) {
            return false;
        }
        if (entries.size() < capacity) {
            return true;
        }
        int hash = series.hashCode();
        int slot = (hash * 0x9E3779B9) >>> (Integer.numberOfLeadingZeros(recentMisses.length) + 1);
        if (recentMisses[slot] == hash) {
            return true;
        }
        recentMisses[slot] = hash;
        return false;
    }

    /** Forgets the decoded state of {@code series}: its stored bytes are the truth again. */
    void remove(String series) {
        Entry e = entries.remove(series);
        if (e != null) {
            spare = e.state();
        }
    }

    /** Forgets every state {@code owner} put. */
    void dropOwnedBy(Object owner) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.owner() == owner) {
                it.remove();
            }
        }
    }

    /** A state object no entry holds any more, or null; the caller owns it from now on. */
    SeriesState takeSpare() {
        SeriesState s = spare;
        spare = null;
        return s;
    }
}
