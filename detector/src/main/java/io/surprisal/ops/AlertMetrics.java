package io.surprisal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.IntSupplier;

/**
 * The meters of {@link AlertmanagerClient}; names in the style of {@link DetectorMetrics}, the Prometheus name
 * in brackets. A failing Alertmanager shows as {@code failed} rising with {@code queued}, and as {@code dropped}
 * once the queue is full.
 */
public final class AlertMetrics {
    private final MeterRegistry registry;

    /** {@code surprisal.alerts.sent} [surprisal_alerts_sent_total]: alerts Alertmanager accepted (firing and resolved). */
    private final Counter sent;

    /**
     * {@code surprisal.alerts.failed} [surprisal_alerts_failed_total]: posts to Alertmanager that failed (no answer, a
     * timeout, an error status); each retry that fails counts again.
     */
    private final Counter failed;

    /**
     * {@code surprisal.alerts.dropped} [surprisal_alerts_dropped_total]: alerts given up: the oldest in a full queue,
     * to make room for a newer one, and those Alertmanager refused as malformed (a 4xx answer: retrying cannot help).
     */
    private final Counter dropped;

    public AlertMetrics(MeterRegistry registry) {
        this.sent = Counter.builder("surprisal.alerts.sent")
                .description("Alerts Alertmanager accepted, firing and resolved")
                .register(registry);
        this.failed = Counter.builder("surprisal.alerts.failed")
                .description("Posts to Alertmanager that failed; each failed retry counts")
                .register(registry);
        this.dropped = Counter.builder("surprisal.alerts.dropped")
                .description("Alerts given up: the oldest of a full queue, or refused by Alertmanager as malformed")
                .register(registry);
        this.registry = registry;
    }

    /**
     * {@code surprisal.alerts.queued} [surprisal_alerts_queued]: alerts waiting to be sent (including a batch
     * being posted); bound by {@link AlertmanagerClient}.
     */
    void queued(IntSupplier size) {
        Gauge.builder("surprisal.alerts.queued", size::getAsInt)
                .description("Alerts waiting to be sent to Alertmanager")
                .strongReference(true)
                .register(registry);
    }

    void sent(int alerts) {
        sent.increment(alerts);
    }

    void failed() {
        failed.increment();
    }

    void dropped(int alerts) {
        dropped.increment(alerts);
    }
}
