package io.surprisal.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmPausesTest {
    @Test
    void aCollectionInTheStretchIsCountedAndNoneBeforeIt() {
        System.gc(); // one before: not the stretch's
        try (JvmPauses pauses = new JvmPauses()) {
            JvmPauses.Report none = pauses.report();
            assertTrue(none.pauses() <= 1, "at most a collection the JVM chose itself: " + none);
            System.gc(); // a full, stop-the-world collection under every collector the JVM ships but ZGC/Shenandoah
            JvmPauses.Report after = pauses.report();
            assertTrue(after.pauses() >= none.pauses() + 1, after.describe());
            assertTrue(after.pauseMs() >= none.pauseMs(), after.describe());
            assertTrue(after.longestPauseMs() <= after.pauseMs(), "the longest pause is one of them: " + after.describe());
        }
    }

    @Test
    void concurrentCyclesAreNotPauses() {
        List<GarbageCollectorMXBean> all = ManagementFactory.getGarbageCollectorMXBeans();
        List<GarbageCollectorMXBean> pausing = JvmPauses.pausing(all);
        assertFalse(pausing.isEmpty(), "this JVM's collectors: " + all.stream().map(GarbageCollectorMXBean::getName).toList());
        assertTrue(pausing.stream().noneMatch(gc -> gc.getName().contains("Concurrent") || gc.getName().contains("Cycles")));
    }

    @Test
    void theReportReadsAsTheBenchPrintsIt() {
        assertEquals("gc_pauses=3 gc_pause_ms=41.0 gc_longest_pause_ms=17.5", new JvmPauses.Report(3, 41, 17.5).describe());
    }
}
