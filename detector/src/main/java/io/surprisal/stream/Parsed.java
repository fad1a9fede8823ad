package io.surprisal.stream;

/** What the parse stage emits for one point: where it goes next, or a dead letter. */
public sealed interface Parsed permits Parsed.Placed, Parsed.Misplaced, DeadLetter {

    /** A point in its series' partition (or about to be repartitioned by series). */
    record Placed(Point point) implements Parsed {
    }

    /** A point read from another series' partition (keyIsSeries, a key that is not the series): to be re-keyed. */
    record Misplaced(Point point) implements Parsed {
    }
}
