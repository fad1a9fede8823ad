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

    /** {@code count} data points of {@code kind} (e.g. otlp histogram) read and not scored by design. */
    default void pointsSkipped(String kind, int count) {
    }

    default void modelLoaded(io.surprisal.model.Model model) {
    }

    default void modelSwapped(io.surprisal.model.Model model) {
    }

    default void modelRejected(String reason) {
    }

    /**
     * An incident opened, was updated or closed (the record just sent to the events topic). Called on the
     * stream thread: an implementation must return at once (queue, never block on I/O).
     */
    default void anomalyEvent(AnomalyEvent event) {
    }

    /** A record of the controls topic was refused (the reason: malformed, internal-error); called on the global thread. */
    default void controlRejected(String reason) {
    }

    /**
     * A record's timestamp lay beyond half of what the topics written accept and was replaced by the time it was
     * processed ({@link OutputTimestamps}). Hot path.
     */
    default void restamped() {
    }

    /**
     * A point's series state was not kept decoded on its stream thread ({@link DecodedStates}) and
     * was read from the store: a new series, or one the thread's budget no longer held. Hot path.
     */
    default void stateReadFromStore() {
    }

    /**
     * Under at-least-once, a point read again after a crash or a failover whose series' stored state already held it
     * (its input position is not past the state's): the state went to the store as it changed, ahead of the commit of
     * the input's offsets. It is neither scored again nor dead-lettered; its score went out the first time.
     */
    default void pointReread() {
    }

    /**
     * The series' newest point lay ahead of the wall clock and this one, on time, is scored after it (see
     * {@code Detector#stepBackIfAhead}) instead of being dead-lettered as late.
     */
    default void seriesSteppedBack() {
    }

    /** A control kept a point from being flagged: {@code MUTED} or {@code HELD_BACK} (by a deviation minimum). Hot path. */
    default void controlled(SeriesControl.Verdict verdict) {
    }
}
