package io.surprisal.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@code surprisal.freshness} [surprisal_freshness_seconds]: the wall clock minus the event time of the newest
 * point this instance has scored, in seconds; NaN until it has scored one.
 *
 * <p>Per instance, not per series: a per-series gauge would be a time series per series in Prometheus (millions),
 * and the question an SRE asks first, "is data still arriving and being scored", is about the instance. A series
 * that stopped reporting while others go on does not show here; the idle-expiry and the events topic are where
 * single series are looked at. The hot path is one volatile read and, when the point is the newest so far, one
 * compare-and-set: nothing allocated.
 */
final class Freshness {
    private static final long NONE = Long.MIN_VALUE;

    private final AtomicLong newest = new AtomicLong(NONE);
    private final LongSupplier wallClockMillis;

    Freshness(MeterRegistry registry, LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
        Gauge.builder("surprisal.freshness", this, Freshness::seconds)
                .description("Wall clock minus the event time of the newest point this instance scored")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** A point of event time {@code tsMillis} was scored. Several stream threads call it: the newest wins. */
    void observe(long tsMillis) {
        long current = newest.get();
        while (tsMillis > current && !newest.compareAndSet(current, tsMillis)) {
            current = newest.get();
        }
    }

    double seconds() {
        long ts = newest.get();
        return ts == NONE ? Double.NaN : (wallClockMillis.getAsLong() - ts) / 1000.0;
    }
}
