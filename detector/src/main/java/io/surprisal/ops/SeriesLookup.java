package io.surprisal.ops;

import java.util.Optional;

/**
 * Answers {@code GET /series/{id}}: the latest score and state summary of one series, as a JSON
 * document, from whichever instance owns it.
 *
 * <p>Implementations may throw Kafka Streams' {@code InvalidStateStoreException} while stores
 * are migrating; the HTTP API answers 503 then, so a client retries.
 */
@FunctionalInterface
public interface SeriesLookup {

    /** The JSON document of {@code seriesId}, or empty when no instance knows that series. */
    Optional<String> lookup(String seriesId);

    /**
     * As {@link #lookup(String)}, but with {@code localOnly} the instance answers from its own
     * stores without routing: how one instance asks the owner, so a request cannot loop.
     */
    default Optional<String> lookup(String seriesId, boolean localOnly) {
        return lookup(seriesId);
    }

    /** A lookup that knows no series, for an instance started without one. */
    static SeriesLookup none() {
        return seriesId -> Optional.empty();
    }
}
