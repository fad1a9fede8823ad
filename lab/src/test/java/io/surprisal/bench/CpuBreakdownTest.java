package io.surprisal.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuBreakdownTest {
    @Test
    void javaThreadsGoToTheirPartOfThePipeline() {
        assertEquals("stream", CpuBreakdown.group("bench-detector-1f2e-StreamThread-1"));
        assertEquals("producer-io", CpuBreakdown.group("kafka-producer-network-thread | bench-detector-1f2e-StreamThread-1-producer"));
        assertEquals("probe-producer", CpuBreakdown.group("bench-paced-producer"));
        assertEquals("probe-producer", CpuBreakdown.group("kafka-producer-network-thread | producer-3"));
        assertEquals("broker", CpuBreakdown.group("data-plane-kafka-request-handler-0"));
        assertEquals("broker", CpuBreakdown.group("TxnMarkerSenderThread-1"));
        assertEquals("broker", CpuBreakdown.group("AddPartitionsToTxnSenderThread-1"));
        assertEquals("broker", CpuBreakdown.group("executor-Fetch"));
        assertEquals("main", CpuBreakdown.group("main"));
        assertEquals("other", CpuBreakdown.group("metrics-meter-tick-thread-1"));
    }

    @Test
    void threadsWithoutAJavaObjectAreTheCollectorTheCompilersAndRocksDb() {
        assertEquals("jit", CpuBreakdown.nativeGroup("C2 CompilerThre"));
        assertEquals("jit", CpuBreakdown.nativeGroup("C1 CompilerThre"));
        assertEquals("gc", CpuBreakdown.nativeGroup("GC Thread#0"));
        assertEquals("gc", CpuBreakdown.nativeGroup("G1 Conc#0"));
        assertEquals("rocksdb", CpuBreakdown.nativeGroup("rocksdb:low"));
        assertEquals("rocksdb", CpuBreakdown.nativeGroup("rocksdb:high"));
        assertNull(CpuBreakdown.nativeGroup("VM Thread"), "the rest of the process stays jvm-other");
    }

    /** 50 ms of this thread's CPU: at least 100 ms a second over half a second, at least 1000 µs a record over 50. */
    @Test
    void aThreadsCpuIsReportedPerSecondAndPerRecord() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CpuBreakdown cpu = new CpuBreakdown();
        long until = threads.getCurrentThreadCpuTime() + 50_000_000L;
        while (threads.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
        String group = CpuBreakdown.group(Thread.currentThread().getName());
        assertTrue(share(cpu.perSecond(0.5), group) >= 100.0, cpu.perSecond(0.5));
        assertTrue(share(cpu.perRecord(50), group) >= 1000.0, cpu.perRecord(50));
    }

    /** The figure of {@code group} in a line {@code a=1.0 b=2.0 ...}. */
    private static double share(String line, String group) {
        for (String part : line.split(" ")) {
            if (part.startsWith(group + "=")) {
                return Double.parseDouble(part.substring(group.length() + 1));
            }
        }
        throw new AssertionError("no " + group + " in " + line);
    }

    @Test
    void everyGroupIsReportedPerRecord() {
        String line = new CpuBreakdown().perRecord(1000);
        assertTrue(line.contains("jvm-other="), line);
        assertTrue(line.matches("([a-z-]+=\\d+\\.\\d )*[a-z-]+=\\d+\\.\\d"), line);
    }
}
