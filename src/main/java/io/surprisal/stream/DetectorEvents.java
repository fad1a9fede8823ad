package io.surprisal.stream;

/** What the topology reports as it runs; ops binds it to Prometheus meters. Hot-path methods must not allocate. */
public interface DetectorEvents {
    DetectorEvents NONE = new DetectorEvents() {
    };

    default void recordIn() {
    }

    default void scored(String series, io.surprisal.score.ScoreRecord score, long nanos) {
    }

    default void deadLettered(String reason) {
    }

    default void modelLoaded(io.surprisal.model.Model model) {
    }

    default void modelSwapped(io.surprisal.model.Model model) {
    }

    default void modelRejected(String reason) {
    }
}
