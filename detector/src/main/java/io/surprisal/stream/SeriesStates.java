package io.surprisal.stream;

import io.surprisal.state.CorruptStateException;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The series store seen as states: reading one into a reused object, writing it back. */
final class SeriesStates {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesStates.class);

    /** What {@link #readInto} found. */
    enum Found {
        /** No state: the series is new. */
        NONE,
        /** The stored state, now in the object given. */
        STORED,
        /** Bytes no version of the serde reads (truncated, garbage): the series starts afresh. */
        UNREADABLE
    }

    private final KeyValueStore<String, byte[]> store;
    private final SeriesStateSerde serde = new SeriesStateSerde();

    SeriesStates(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /**
     * Reads the state of {@code series} into {@code into}; after NONE or UNREADABLE {@code into} holds
     * nothing to use. A state of a newer format throws {@link NewerStateFormatException}: never a reset.
     */
    Found readInto(String series, SeriesState into) {
        byte[] stored = store.get(series);
        if (stored == null) {
            return Found.NONE;
        }
        try {
            serde.readInto(stored, into);
            return Found.STORED;
        } catch (CorruptStateException e) {
            if (stored.length > 0 && stored[0] > SeriesStateSerde.VERSION) {
                throw new NewerStateFormatException(series, stored[0], SeriesStateSerde.VERSION);
            }
            LOG.warn("series '{}': stored state unreadable ({}); starting it afresh", series, e.getMessage());
            return Found.UNREADABLE;
        }
    }

    void write(String series, SeriesState state) {
        store.put(series, serde.serialize(state));
    }
}
