package io.surprisal.ops;

import java.util.Optional;

/**
 * Answers {@code GET /health/live}: whether this process still does its job. A process whose Kafka
 * Streams died (ERROR: a thread that could not be replaced, the global thread gone) answers 503, so an
 * orchestrator restarts it instead of leaving a live-looking process that scores nothing.
 */
@FunctionalInterface
public interface Liveness {

    /** Empty when live; otherwise a short reason. */
    Optional<String> notLiveReason();

    static Liveness always() {
        return Optional::empty;
    }
}
