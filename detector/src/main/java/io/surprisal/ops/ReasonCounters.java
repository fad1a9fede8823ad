package io.surprisal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One counter per {@code reason} tag value of a single meter name: the known values are registered at 0 up front
 * (an alert on one sees a series before its first increment), any other is created on first use and cached.
 *
 * <p>Reasons come from code, not from users, but a bug that put user data in a reason would
 * otherwise create a time series per record: past {@link #MAX_REASONS} distinct reasons the rest
 * are counted under {@value #OVERFLOW_REASON}.
 */
final class ReasonCounters {

    static final int MAX_REASONS = 64;
    static final String OVERFLOW_REASON = "other";
    static final String MISSING_REASON = "unknown";

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    ReasonCounters(MeterRegistry registry, String name, String description) {
        this(registry, name, description, List.of());
    }

    /** @param known the values registered at 0 now (see {@link io.surprisal.stream.KnownReasons}); they count towards {@link #MAX_REASONS} */
    ReasonCounters(MeterRegistry registry, String name, String description, List<String> known) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        for (String reason : known) {
            register(reason);
        }
    }

    /** Increments the counter of {@code reason}; allocation-free once that reason has been seen. */
    void increment(String reason) {
        increment(reason, 1);
    }

    /** Adds {@code amount} to the counter of {@code reason}. */
    void increment(String reason, double amount) {
        String key = reason == null ? MISSING_REASON : reason;
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = register(key);
        }
        counter.increment(amount);
    }

    private synchronized Counter register(String reason) {
        Counter existing = counters.get(reason);
        if (existing != null) {
            return existing;
        }
        String tagValue = counters.size() < MAX_REASONS ? reason : OVERFLOW_REASON;
        Counter counter = Counter.builder(name)
                .description(description)
                .tag("reason", tagValue)
                .register(registry);
        // Overflowed reasons are not cached under their own key, so the map stays bounded too.
        if (tagValue.equals(reason)) {
            counters.put(reason, counter);
        }
        return counter;
    }
}
