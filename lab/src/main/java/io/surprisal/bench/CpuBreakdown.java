package io.surprisal.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a phase's CPU went, by thread group: the Streams thread, its producer's I/O thread, the
 * in-process broker, other Java threads, RocksDB's own threads (its flushes and compactions), the
 * JVM's collector and compilers, and the rest of the process ({@code jvm-other}: process CPU minus
 * every thread named here). On shared cores this says more than wall time does.
 */
final class CpuBreakdown {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> start = new HashMap<>();
    private final long processStart;
    private final Map<String, Long> nativeStart;

    CpuBreakdown() {
        processStart = TopologyRun.processCpuNanos();
        nativeStart = nativeThreads();
        for (long id : threads.getAllThreadIds()) {
            start.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    /** CPU microseconds per record of each group since construction, e.g. {@code stream=12.1 broker=4.0 ...}. */
    String perRecord(long records) {
        return describe(1e3 * records);
    }

    /** CPU milliseconds a second of each group since construction, over {@code seconds} of wall time. */
    String perSecond(double seconds) {
        return describe(1e6 * seconds);
    }

    /** Each group's CPU nanoseconds since construction, divided by {@code nanosPerUnit}, as {@code group=x.x ...}. */
    private String describe(double nanosPerUnit) {
        Map<String, Long> byGroup = new TreeMap<>();
        long javaTotal = 0;
        for (long id : threads.getAllThreadIds()) {
            long now = threads.getThreadCpuTime(id);
            ThreadInfo info = threads.getThreadInfo(id);
            if (now < 0 || info == null) {
                continue;
            }
            long used = now - start.getOrDefault(id, 0L);
            javaTotal += used;
            byGroup.merge(group(info.getThreadName()), used, Long::sum);
        }
        long jvm = TopologyRun.processCpuNanos() - processStart - javaTotal; // includes threads that ended meanwhile
        long nativeTotal = 0;
        for (var e : nativeThreads().entrySet()) {
            long used = e.getValue() - nativeStart.getOrDefault(e.getKey(), 0L);
            byGroup.merge(nativeGroup(e.getKey().substring(e.getKey().indexOf(' ') + 1)), used, Long::sum);
            nativeTotal += used;
        }
        byGroup.put("jvm-other", Math.max(0, jvm - nativeTotal));
        StringBuilder sb = new StringBuilder();
        byGroup.forEach((g, ns) -> sb.append(String.format(Locale.ROOT, "%s=%.1f ", g, ns / nanosPerUnit)));
        return sb.toString().trim();
    }

    /**
     * CPU of the threads no Java thread object stands for (the JVM's collector and compilers, RocksDB's background
     * threads) from /proc, keyed "tid comm"; empty where there is no /proc. Clock ticks are 10 ms, plenty over a
     * phase of seconds.
     */
    private static Map<String, Long> nativeThreads() {
        Map<String, Long> out = new HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File t : tasks) {
            try {
                String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close);
                if (nativeGroup(comm) == null) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                out.put(t.getName() + " " + comm, ticks * 10_000_000L);
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended while we looked
            }
        }
        return out;
    }

    /** The group of a thread no Java thread object stands for, by its name in /proc ("comm"), or null for the rest. */
    static String nativeGroup(String comm) {
        if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
            return "jit";
        }
        if (comm.startsWith("rocksdb:")) {
            return "rocksdb";
        }
        return comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "gc" : null;
    }

    /** The group of a Java thread, by its name. */
    static String group(String name) {
        if (name.startsWith("bench-paced-producer") || name.contains("producer-network-thread | producer-")) {
            return "probe-producer";
        }
        if (name.startsWith("main")) {
            return "main";
        }
        if (name.contains("StreamThread")) {
            return name.contains("producer") ? "producer-io" : "stream";
        }
        if (name.startsWith("data-plane") || name.startsWith("kafka-") || name.contains("Replica") || name.contains("raft")
                || name.contains("controller") || name.contains("log-cleaner") || name.contains("transaction") || name.contains("Txn")
                || name.startsWith("executor-")
                || name.contains("group-coordinator") || name.contains("ExpirationReaper") || name.contains("broker")) {
            return "broker";
        }
        return "other";
    }
}
