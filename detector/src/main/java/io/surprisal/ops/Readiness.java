package io.surprisal.ops;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Answers {@code GET /health/ready}: whether this instance should receive traffic, and if not, why. */
@FunctionalInterface
public interface Readiness {

    /** Empty when ready; otherwise a short reason for a person reading the health endpoint. */
    Optional<String> notReadyReason();

    static Readiness of(BooleanSupplier ready) {
        return () -> ready.getAsBoolean() ? Optional.empty() : Optional.of("the readiness check failed");
    }
}
