package io.surprisal.stream;

import io.surprisal.state.CorruptStateException;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The series store seen as states, for one task: a state is read from the thread's {@link DecodedStates} when it
 * is there and from the store otherwise, and every write goes to the store at once and keeps the state decoded.
 */
final class SeriesStates {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesStates.class);

    /** What {@link #find} found. */
    enum Found {
        /** No state: the series is new. */
        NONE,
        /** The stored state. */
        STORED,
        /** Bytes no version of the serde reads (truncated, garbage): the series starts afresh. */
        UNREADABLE
    }

    private final KeyValueStore<String, byte[]> store;
    private final DecodedStates decoded;
    /** Makes a state object when the thread has none to spare. */
    private final Supplier<SeriesState> newState;
    private final SeriesStateSerde serde = new SeriesStateSerde();
    private final DetectorEvents events;
    private SeriesState current;
    /**
     * Whether {@link #current} is this task's own: read from the store or cleared, and not yet written (then it goes
     * to the decoded states). A point that was never written (late, refused, failed) leaves it for the next read.
     */
    private boolean ownsCurrent;

    SeriesStates(KeyValueStore<String, byte[]> store, DecodedStates decoded, Supplier<SeriesState> newState,
                 DetectorEvents events) {
        this.store = store;
        this.decoded = decoded;
        this.newState = newState;
        this.events = events;
    }

    /**
     * Finds the state of {@code series}, which {@link #current()} then holds: the stored one (STORED), or a
     * cleared one (NONE, UNREADABLE). A state of a newer format throws {@link NewerStateFormatException}: never a
     * reset.
     */
    Found find(String series) {
        SeriesState kept = decoded.get(series, this);
        if (kept != null) {
            current = kept;
            ownsCurrent = false;
            return Found.STORED;
        }
        if (decoded.capacity() > 0) {
            events.stateReadFromStore();
        }
        byte[] stored = store.get(series);
        if (!ownsCurrent) {
            SeriesState spare = decoded.takeSpare();
            current = spare != null ? spare : newState.get();
            ownsCurrent = true;
        }
        if (stored == null) {
            current.clear();
            return Found.NONE;
        }
        try {
            serde.readInto(stored, current);
            return Found.STORED;
        } catch (CorruptStateException e) {
            if (stored.length > 0 && stored[0] > SeriesStateSerde.VERSION) {
                throw new NewerStateFormatException(series, stored[0], SeriesStateSerde.VERSION);
            }
            LOG.warn("series '{}': stored state unreadable ({}); starting it afresh", series, e.getMessage());
            current = newState.get(); // the failed read may have left the spare half-filled, in another shape
            return Found.UNREADABLE;
        }
    }

    /** The state the last {@link #find} found. */
    SeriesState current() {
        return current;
    }

    /** Writes the current state of {@code series} to the store and keeps it decoded. */
    void write(String series) {
        store.put(series, serde.serialize(current));
        if (ownsCurrent) {
            decoded.put(series, current, this);
            ownsCurrent = false;
        }
    }

    /**
     * Forgets what was decoded of {@code series}: after a failure part-way through a point, the stored state (the
     * one before that point) is the truth.
     */
    void forget(String series) {
        decoded.remove(series);
    }

    /** Deletes the state of {@code series}. */
    void delete(String series) {
        decoded.remove(series);
        store.delete(series);
    }

    /** Drops this task's decoded states (its processor closes; its store may be rolled back). */
    void close() {
        decoded.dropOwnedBy(this);
    }
}
