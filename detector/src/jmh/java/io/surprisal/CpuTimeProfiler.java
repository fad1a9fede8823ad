package io.surprisal;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Time per operation counted in CPU time rather than wall time, for a machine shared with other
 * work: {@code -prof io.surprisal.CpuTimeProfiler}. Per iteration it reads the forked JVM's CPU
 * time and the wall clock and reports
 * <ul>
 *   <li>{@code cpu.share}: CPU seconds per wall second of the whole benchmark JVM (1.0 = the
 *       single benchmark thread ran all the time; less = it waited for a core),</li>
 *   <li>{@code cpu.time.norm}: the primary score (average time, ns/op) times that share: an
 *       estimate of ns/op had the thread had a core to itself.</li>
 * </ul>
 * JIT compiler and GC threads are counted too, so after warm-up with 0 B/op the share is a fair
 * (slightly high) measure of the benchmark thread alone. Only meaningful for single-threaded
 * average-time benchmarks. Cache and frequency effects of the neighbours are not removed.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wall0;
    private long cpu0;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM per wall time, and the average time scaled by it";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpu0 = os.getProcessCpuTime();
        wall0 = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long wall = System.nanoTime() - wall0;
        long cpu = os.getProcessCpuTime() - cpu0;
        double share = wall > 0 ? (double) cpu / wall : Double.NaN;
        Result primary = result.getPrimaryResult();
        double scaled = primary.getScore() * share;
        return List.of(
                new ScalarResult("cpu.share", share, "cpu/wall", AggregationPolicy.AVG),
                new ScalarResult("cpu.time.norm", scaled, primary.getScoreUnit(), AggregationPolicy.AVG));
    }

}
