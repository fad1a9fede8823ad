package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import io.surprisal.score.Detector;
import io.surprisal.score.ScoreRecord;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleExpiryTest {
    static final long DAY = 86_400_000L;
    final SeriesStateSerde serde = new SeriesStateSerde();
    final Detector detector = new Detector(ModelDocument.generic(), TopologySpec.Scoring.class.cast(new TopologySpec.Scoring()).toConfig());

    KeyValueStore<String, byte[]> store() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    byte[] stateAt(long ts) {
        SeriesState s = detector.newState();
        detector.update(s, ts, 1.0, new ScoreRecord());
        return serde.serialize(s);
    }

    @Test
    void eachStepLooksAtABoundedBatchAndTheNextGoesOnWhereItStopped() {
        KeyValueStore<String, byte[]> store = store();
        List<String> idle = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = String.format("s%02d", i);
            boolean old = i % 2 == 0;
            store.put(id, stateAt(old ? 0 : 10 * DAY));
            if (old) {
                idle.add(id);
            }
        }
        IdleExpiry expiry = new IdleExpiry(store, 7 * DAY, 10);
        IdleExpiry.Step first = expiry.step(10 * DAY);
        assertEquals(10, first.examined());
        assertEquals(5, first.expired());
        assertFalse(first.wrapped());
        assertNotNull(store.get("s10"), "not looked at yet");
        IdleExpiry.Step second = expiry.step(10 * DAY);
        assertEquals(10, second.examined(), "the second step starts after s09, not from the start");
        IdleExpiry.Step third = expiry.step(10 * DAY);
        assertEquals(5, third.examined());
        assertTrue(third.wrapped());
        for (String id : idle) {
            assertNull(store.get(id), id);
        }
        assertEquals(12, store.approximateNumEntries());
        assertEquals(10, expiry.step(10 * DAY).examined(), "a new pass starts from the beginning");
    }

    @Test
    void aStateOfANewerFormatIsNeverDeletedAndGarbageIs() {
        KeyValueStore<String, byte[]> store = store();
        byte[] newer = new byte[600];
        newer[0] = (byte) (SeriesStateSerde.VERSION + 1);
        store.put("newer", newer);
        store.put("garbage", new byte[] {SeriesStateSerde.VERSION, 1, 2});
        new IdleExpiry(store, 7 * DAY, 10).step(100 * DAY);
        assertNotNull(store.get("newer"));
        assertNull(store.get("garbage"));
    }
}
