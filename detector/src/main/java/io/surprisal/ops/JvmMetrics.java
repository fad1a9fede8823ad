package io.surprisal.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process' meters: memory (jvm_memory_used_bytes...), GC pauses
 * (jvm_gc_pause_seconds...), threads (jvm_threads_live_threads...), CPU (process_cpu_usage,
 * system_cpu_usage) and uptime (process_uptime_seconds).
 */
public final class JvmMetrics implements AutoCloseable {

    private final JvmGcMetrics gcMetrics;

    private JvmMetrics(JvmGcMetrics gcMetrics) {
        this.gcMetrics = gcMetrics;
    }

    public static JvmMetrics bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new JvmMetrics(gc);
    }

    /** Stops listening to GC notifications. */
    @Override
    public void close() {
        gcMetrics.close();
    }
}
