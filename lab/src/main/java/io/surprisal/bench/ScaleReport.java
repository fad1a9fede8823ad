package io.surprisal.bench;

import io.surprisal.stream.BoundedRocksDb;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.streams.Topology;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The figures that matter with many series, taken after the measured detector run: heap after a full
 * collection with every series in the store, the resident set (RocksDB lives off the heap), the
 * RocksDB size on disk per series (after a clean close, so the memtables are flushed), the changelog
 * size, and the restore time of a restart — from the changelog into an empty state directory (a new
 * machine, or a failover without standbys) and from the local checkpoint (a clean restart in place).
 */
final class ScaleReport {
    private final PrintStream out;
    private final BenchSettings settings;
    private final Path work;
    private final String bootstrap;
    private final Properties tuning;
    private final TopologySpec spec;
    private final Function<TopologySpec, Topology> topology;

    ScaleReport(PrintStream out, BenchSettings settings, Path work, String bootstrap, Properties tuning, TopologySpec spec,
                Function<TopologySpec, Topology> topology) {
        this.out = out;
        this.settings = settings;
        this.work = work;
        this.bootstrap = bootstrap;
        this.tuning = tuning;
        this.spec = spec;
        this.topology = topology;
    }

    void measure(TopologyRun running) throws Exception {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        long maxHeap = Runtime.getRuntime().maxMemory();
        out.printf(Locale.ROOT, "scale heap_used_after_gc=%d MiB heap_committed=%d MiB (max %d MiB) rss=%d MiB series=%d "
                        + "(one JVM: broker, clients and Streams; RocksDB is off the heap)%n", heap >> 20, committed >> 20, maxHeap >> 20,
                rssBytes() >> 20, settings.series());
        out.printf(Locale.ROOT, "scale rocksdb_cache_used=%d MiB rocksdb_budget=%d MiB (block cache and memtables of every store,"
                + " shared; rocksdbMemoryMiB)%n", Math.max(0, BoundedRocksDb.usage()) >> 20, Math.max(0, BoundedRocksDb.budget()) >> 20);
        running.close(); // a clean close flushes RocksDB's memtables and writes the checkpoint

        Path stateDir = work.resolve("state-" + spec.applicationId);
        long store = sizeOf(stateDir, p -> p.toString().contains("/rocksdb/" + DetectorTopology.SERIES_STORE + "/"));
        long changelog = sizeOf(work.resolve("kafka"), p -> p.toString().contains(spec.applicationId + "-" + DetectorTopology.SERIES_STORE + "-changelog"));
        out.printf(Locale.ROOT, "scale store_on_disk=%d MiB bytes_per_series=%.1f changelog=%d MiB%n", store >> 20,
                (double) store / settings.series(), changelog >> 20);

        restart("from_changelog", work.resolve("state-" + spec.applicationId + "-fresh"));
        restart("from_local_checkpoint", stateDir);
    }

    private void restart(String how, Path stateDir) throws Exception {
        Properties props = DetectorTopology.properties(spec, bootstrap, stateDir, Map.of());
        props.putAll(tuning);
        try (TopologyRun run = new TopologyRun(topology.apply(spec), props)) {
            Duration toRunning = run.start(Duration.ofMinutes(30));
            out.printf(Locale.ROOT, "scale restart=%s restored_records=%d restore=%.1fs start_to_running=%.1fs%n", how,
                    run.restoredRecords(), run.restoreTime().toNanos() / 1e9, toRunning.toNanos() / 1e9);
        }
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: leave it out
        }
        return 0;
    }

    private static long sizeOf(Path root, java.util.function.Predicate<Path> include) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(include).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
