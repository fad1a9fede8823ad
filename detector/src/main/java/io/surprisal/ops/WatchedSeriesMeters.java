package io.surprisal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauges and the anomaly counter of one opted-in series, registered up front so that the
 * anomaly counter starts at 0 (an alert on {@code increase()} then sees the first anomaly).
 *
 * <p>After a rebalance the previous owner of a series stops receiving its points; its gauges
 * would go on reporting the last value forever. They report NaN once no point arrived for
 * {@code staleAfterNanos}, so the dashboards take the owner's value with {@code max by (series)}.
 */
final class WatchedSeriesMeters {

    private final LongSupplier nanoClock;
    private final long staleAfterNanos;
    private final Counter anomalies;

    private volatile double value = Double.NaN;
    private volatile double expected = Double.NaN;
    private volatile double lower = Double.NaN;
    private volatile double upper = Double.NaN;
    private volatile double score = Double.NaN;
    private volatile long updatedAtNanos;
    private volatile boolean updated;

    WatchedSeriesMeters(MeterRegistry registry, String series, long staleAfterNanos, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.staleAfterNanos = staleAfterNanos;
        gauge(registry, series, "surprisal.watched.value", "Latest value of a watched series, in its own units", m -> m.value);
        gauge(registry, series, "surprisal.watched.expected", "Predicted mean for the latest point of a watched series", m -> m.expected);
        gauge(registry, series, "surprisal.watched.lower", "Lower edge of the predicted central band of a watched series", m -> m.lower);
        gauge(registry, series, "surprisal.watched.upper", "Upper edge of the predicted central band of a watched series", m -> m.upper);
        gauge(registry, series, "surprisal.watched.score", "Anomaly score in [0, 1] of the latest point of a watched series", m -> m.score);
        this.anomalies = Counter.builder("surprisal.watched.anomalies")
                .description("Anomalies detected on a watched series")
                .tag("series", series)
                .register(registry);
    }

    void update(double value, double expected, double lower, double upper, double score, boolean anomaly) {
        this.value = value;
        this.expected = expected;
        this.lower = lower;
        this.upper = upper;
        this.score = score;
        this.updatedAtNanos = nanoClock.getAsLong();
        this.updated = true;
        if (anomaly) {
            anomalies.increment();
        }
    }

    private void gauge(MeterRegistry registry, String series, String name, String description,
                       ToDoubleFunction<WatchedSeriesMeters> field) {
        Gauge.builder(name, this, m -> m.fresh() ? field.applyAsDouble(m) : Double.NaN)
                .description(description)
                .tag("series", series)
                .strongReference(true)
                .register(registry);
    }

    private boolean fresh() {
        return updated && nanoClock.getAsLong() - updatedAtNanos <= staleAfterNanos;
    }
}
