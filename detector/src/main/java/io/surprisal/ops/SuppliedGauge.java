package io.surprisal.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.LongSupplier;

/**
 * A gauge registered once whose source can be supplied (and replaced, say when Kafka Streams is
 * restarted) later. It reads NaN while nothing is supplied or when the source fails, so a scrape
 * during a rebalance shows a gap instead of failing.
 */
final class SuppliedGauge {

    private volatile LongSupplier source;

    SuppliedGauge(MeterRegistry registry, String name, String baseUnit, String description) {
        Gauge.builder(name, this, SuppliedGauge::read)
                .description(description)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }

    void supply(LongSupplier source) {
        this.source = source;
    }

    private double read() {
        LongSupplier current = source;
        if (current == null) {
            return Double.NaN;
        }
        try {
            return current.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
