package io.surprisal.stream;

/** What a processor emits: a result for the next stage, or a dead letter. Lets one stream carry both until they split. */
public sealed interface Routed permits Routed.Good, Routed.Misplaced, Routed.DeadLetter {

    /** A payload on its way on: a {@link Point} after parsing, score JSON after detection. */
    record Good(Point point, byte[] json) implements Routed {
    }

    /** A point read from another series' partition (keyIsSeries with a key that is not the series): to be re-keyed. */
    record Misplaced(Point point) implements Routed {
    }

    /** The bytes that could not be used; the reason and the source travel in the record headers. */
    record DeadLetter(byte[] key, byte[] value) implements Routed {
    }
}
