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
     * The object this task reads stored states into, in no entry of the decoded states: it goes there when its series
     * is admitted (then the next read takes a spare), and otherwise serves the next read while it is still warm. A
     * point that was never written (late, refused, failed) leaves it for the next read too.
     */
    private SeriesState own;

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
            return Found.STORED;
        }
        if (decoded.capacity() > 0) {
            events.stateReadFromStore();
        }
        byte[] stored = store.get(series);
        if (own == null) {
            SeriesState spare = decoded.takeSpare();
            own = spare != null ? spare : newState.get();
        }
        current = own;
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
            own = newState.get(); // the failed read may have left the object half-filled, in another shape
            current = own;
            return Found.UNREADABLE;
        }
    }

    /** The state the last {@link #find} found. */
    SeriesState current() {
        return current;
    }

    /** Writes the current state of {@code series} to the store, and keeps it decoded if the decoded states admit it. */
    void write(String series) {
        store.put(series, serde.serialize(current));
        if (current == own && decoded.admits(series)) {
            decoded.put(series, own, this);
            own = null;
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
