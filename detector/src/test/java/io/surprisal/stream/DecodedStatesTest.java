package io.surprisal.stream;

import io.surprisal.state.SeriesState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodedStatesTest {
    final Object task = new Object();
    final Object otherTask = new Object();

    static SeriesState state() {
        return new SeriesState(4, false, 8);
    }

    @Test
    void keepsTheMostRecentlyUsedAndLeavesTheEvictedObjectForReuse() {
        DecodedStates decoded = new DecodedStates(2);
        SeriesState a = state();
        SeriesState b = state();
        decoded.put("a", a, task);
        decoded.put("b", b, task);
        assertSame(a, decoded.get("a", task)); // "a" is now the most recently used: "b" goes first
        decoded.put("c", state(), task);
        assertEquals(2, decoded.size());
        assertNull(decoded.get("b", task));
        assertSame(a, decoded.get("a", task));
        assertSame(b, decoded.takeSpare());
        assertNull(decoded.takeSpare(), "a spare is handed out once");
    }

    @Test
    void onceFullItAdmitsOnlyASeriesThatMissedRecentlyToo() {
        DecodedStates decoded = new DecodedStates(2);
        assertTrue(decoded.admits("a"), "room left");
        decoded.put("a", state(), task);
        decoded.put("b", state(), task);
        assertFalse(decoded.admits("c"), "full, and c never missed before");
        assertTrue(decoded.admits("c"), "c missed just now");
        assertFalse(new DecodedStates(0).admits("a"), "no budget admits nothing");
    }

    /**
     * Where more series take turns than it holds, least recently used out alone would evict every entry before its
     * series came back and never hit; with the doorkeeper the entries it holds stay and hit on every turn.
     */
    @Test
    void seriesTakingTurnsKeepTheEntriesItHolds() {
        DecodedStates decoded = new DecodedStates(16);
        int hits = 0;
        for (int turn = 0; turn < 20; turn++) {
            for (int i = 0; i < 100; i++) {
                String series = "series-" + i;
                if (decoded.get(series, task) != null) {
                    hits++;
                } else if (decoded.admits(series)) {
                    decoded.put(series, state(), task);
                }
            }
        }
        assertTrue(hits >= 16 * 19 * 3 / 4, hits + " hits in 19 turns of 100 series, 16 held");
    }

    @Test
    void anEntryIsServedOnlyToTheTaskThatPutIt() {
        DecodedStates decoded = new DecodedStates(4);
        SeriesState a = state();
        decoded.put("a", a, task);
        assertNull(decoded.get("a", otherTask));
        decoded.put("x", state(), otherTask);
        decoded.dropOwnedBy(task);
        assertNull(decoded.get("a", task));
        assertEquals(1, decoded.size(), "the other task's entry stays");
    }

    @Test
    void aForgottenStateIsNoLongerServedAndItsObjectIsReused() {
        DecodedStates decoded = new DecodedStates(4);
        SeriesState a = state();
        decoded.put("a", a, task);
        decoded.remove("a");
        assertNull(decoded.get("a", task));
        assertSame(a, decoded.takeSpare());
    }

    @Test
    void withNoBudgetNothingIsKept() {
        DecodedStates decoded = new DecodedStates(0);
        SeriesState a = state();
        decoded.put("a", a, task);
        assertEquals(0, decoded.size());
        assertNull(decoded.get("a", task));
        assertSame(a, decoded.takeSpare(), "evicted at once: the next read reuses it");
    }

    @Test
    void theBudgetIsTheRecordCachesSharedAmongTheStreamThreads() {
        assertEquals(32L << 20, DetectorTopology.decodedStatesBudget(java.util.Map.of(
                "statestore.cache.max.bytes", 64L << 20, "num.stream.threads", 2)));
        assertEquals(1L << 20, DetectorTopology.decodedStatesBudget(java.util.Map.of(
                "statestore.cache.max.bytes", "1048576")));
        assertEquals(0, DetectorTopology.decodedStatesBudget(java.util.Map.of("statestore.cache.max.bytes", 0)));
    }
}
