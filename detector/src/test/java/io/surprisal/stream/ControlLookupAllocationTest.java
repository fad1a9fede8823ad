package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detect path looks up every point's control: with controls or without, that must not allocate. */
class ControlLookupAllocationTest {
    private static final int CALLS = 200_000;
    private static final String[] SERIES = {"plant1/pump07/temp", "plant1/pump08/temp", "plant2/fan01/rpm", "elsewhere"};

    @Test
    void lookupsAndVerdictsAllocateNothingPerPoint() {
        ControlTable empty = new ControlTable();
        ControlTable some = new ControlTable();
        some.put("plant1/pump07/temp", SeriesControl.NONE.withThreshold(0.95));
        some.put("plant1/*", new SeriesControl(Double.NaN, 2, 0.1, Long.MAX_VALUE, "maintenance"));
        some.put("plant2/fan*", SeriesControl.NONE.withThreshold(0.5));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int found = run(empty, some); // warm-up: the JIT compiles

        long before = threads.getCurrentThreadAllocatedBytes();
        int again = run(empty, some);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(found, again);
        assertEquals(CALLS / 4 * 3, found, "three of the four series have a control");
        // A single allocation per call would be at least 16 bytes x 400k lookups.
        assertTrue(allocated < 64 * 1024, "lookups allocated " + allocated + " bytes over " + 2 * CALLS + " points");
    }

    private static int run(ControlTable empty, ControlTable some) {
        int found = 0;
        for (int i = 0; i < CALLS; i++) {
            String series = SERIES[i & 3];
            if (empty.find(series) != null) {
                found += 1_000_000;
            }
            SeriesControl c = some.find(series);
            if (c != null && c.judge(0.8, false, 0.9, 10 + i % 7, 10, i) != null) {
                found++;
            }
        }
        return found;
    }
}
