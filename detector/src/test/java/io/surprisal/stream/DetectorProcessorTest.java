package io.surprisal.stream;

import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static io.surprisal.stream.DetectorTopologyTest.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detect processor alone, on MockProcessorContext: what it forwards, and what its punctuators do. */
class DetectorProcessorTest {
    final Model generic = ModelDocument.generic();
    MockProcessorContext<String, Detected> context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> series;
    KeyValueStore<String, byte[]> models;
    DetectorProcessor processor;

    void start(String yaml) throws Exception {
        start(yaml, DetectorEvents.NONE);
    }

    void start(String yaml, DetectorEvents events) throws Exception {
        TopologySpec spec = TopologySpec.parse(yaml);
        series = store(DetectorTopology.SERIES_STORE, Serdes.String(), Serdes.ByteArray());
        models = store(DetectorTopology.MODEL_STORE, Serdes.String(), Serdes.ByteArray());
        store(DetectorTopology.ADMISSION_STORE, Serdes.Long(), Serdes.Integer());
        processor = new DetectorProcessor(spec, events, new ServingModel(spec.model, generic, DetectorEvents.NONE));
        context.setCurrentSystemTimeMs(System.currentTimeMillis()); // a late point asks whether its series' newest lies ahead
        processor.init(context);
    }

    <K, V> KeyValueStore<K, V> store(String name, org.apache.kafka.common.serialization.Serde<K> k,
                                     org.apache.kafka.common.serialization.Serde<V> v) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), k, v).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** Where the next point of {@link #process} was read in the points topic: each one at a new offset, as in a topic. */
    private long nextOffset;

    void process(String id, long ts, double value) {
        processor.process(new Record<>(id, new Point(id, ts, value, 0, nextOffset++), ts));
    }

    List<Detected> forwarded() {
        List<Detected> out = context.forwarded().stream().map(f -> (Detected) f.record().value()).toList();
        context.resetForwards();
        return out;
    }

    static String json(Detected d) {
        return new String(assertInstanceOf(Detected.Scored.class, d).json(), StandardCharsets.UTF_8);
    }

    void punctuate(Duration interval) {
        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(interval))
                .forEach(p -> p.getPunctuator().punctuate(System.currentTimeMillis()));
    }

    @Test
    void scoresAPointWritesItsStateAndDeadLettersALateOne() throws Exception {
        start("applicationId: p1\n");
        process("a", T0, 1.0);
        process("a", T0 - 60_000, 2.0);
        var records = context.forwarded();
        assertTrue(json(records.get(0).record().value()).contains("\"series\":\"a\""));
        assertInstanceOf(DeadLetter.class, records.get(1).record().value());
        assertEquals("late", DeadLetters.header(records.get(1).record().headers(), DeadLetters.REASON));
        assertNotNull(series.get("a"));
    }

    /**
     * A point the parse stage read at {@code partition} and {@code offset} of the points topic, arriving through a
     * repartition topic at an offset of its own (which says nothing: the ingest sends a point again at a new one).
     */
    void processAt(int partition, long offset, String id, long ts, double value) {
        context.setRecordMetadata("app-by-series-repartition", 0, 1000 + nextOffset++);
        processor.process(new Record<>(id, new Point(id, ts, value, partition, offset), ts));
    }

    /** Starts the processor on {@code spec}; the count it returns goes up with each point taken for one read again. */
    java.util.concurrent.atomic.AtomicInteger startCountingRereads(String spec) throws Exception {
        java.util.concurrent.atomic.AtomicInteger reread = new java.util.concurrent.atomic.AtomicInteger();
        start(spec, new DetectorEvents() {
            @Override
            public void pointReread() {
                reread.incrementAndGet();
            }
        });
        return reread;
    }

    /**
     * Under at-least-once a state goes to the store as it changes, ahead of the commit of the input's offsets: after a
     * crash the points since that commit are read again (through a repartition topic, the ingest sends them again),
     * and the state already holds them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"input:\n  keyIsSeries: true\n", "input:\n  keyIsSeries: false\n"})
    void underAtLeastOnceAPointReadAgainIsCountedAndNeitherScoredNorDeadLettered(String input) throws Exception {
        java.util.concurrent.atomic.AtomicInteger reread = startCountingRereads("applicationId: p7\nguarantee: at_least_once\n" + input);
        processAt(2, 10, "a", T0, 1.0);
        processAt(2, 11, "a", T0 + 60_000, 2.0);
        assertEquals(2, forwarded().size());
        byte[] stored = series.get("a");
        processor.close(); // the instance dies; the next one reads from the last committed offset, 10
        processor.init(context);
        processAt(2, 10, "a", T0, 1.0);
        processAt(2, 11, "a", T0 + 60_000, 2.0);
        assertEquals(List.of(), forwarded(), "no second score, no dead letter");
        assertEquals(2, reread.get());
        assertArrayEquals(stored, series.get("a"), "the state as it was");

        processAt(2, 12, "a", T0 + 120_000, 3.0);
        assertEquals(12, new io.surprisal.state.SeriesStateSerde().deserialize(series.get("a")).inputOffset);
        assertEquals(1, forwarded().size(), "the next point is scored");
        processAt(2, 13, "a", T0 - 60_000, 4.0);
        processAt(3, 5, "a", T0 + 60_000, 2.0);
        List<Detected> late = forwarded();
        assertEquals(2, late.size(), "a late point at a new offset, and one from another partition, are late as before");
        assertEquals(2, reread.get());
        for (Detected d : late) {
            assertInstanceOf(DeadLetter.class, d);
        }
    }

    /**
     * One record can hold several points of a series (a batch of lines): under at-least-once a point of the newest
     * record that is older than the state is a late point as always, and one at the state's time with another value is
     * scored as always, not taken for one read again; only the newest point itself is.
     */
    @Test
    void underAtLeastOnceAnotherPointOfTheNewestRecordIsNotOneReadAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reread = startCountingRereads("applicationId: p9\nguarantee: at_least_once\n");
        processAt(1, 40, "a", T0, 1.0);
        processAt(1, 40, "a", T0 + 60_000, 2.0);
        assertEquals(2, forwarded().size(), "two points of one record, both scored");
        processAt(1, 40, "a", T0 + 30_000, 3.0);
        assertEquals("late", DeadLetters.header(context.forwarded().get(0).record().headers(), DeadLetters.REASON));
        forwarded();
        processAt(1, 40, "a", T0 + 60_000, 2.5);
        assertTrue(json(forwarded().get(0)).contains("\"value\":2.5"), "scored");
        assertEquals(0, reread.get());
        processAt(1, 40, "a", T0 + 60_000, 2.5);
        processAt(1, 39, "a", T0, 1.0);
        assertEquals(List.of(), forwarded(), "the newest point itself, and one of an earlier record, are read again");
        assertEquals(2, reread.get());
    }

    /** Under exactly-once the transaction keeps the states and the offsets together: no position, and a point seen twice is a duplicate. */
    @Test
    void underExactlyOnceNoInputPositionIsKept() throws Exception {
        start("applicationId: p8\nguarantee: exactly_once_v2\ninput:\n  keyIsSeries: true\n");
        processAt(2, 10, "a", T0, 1.0);
        var state = new io.surprisal.state.SeriesStateSerde().deserialize(series.get("a"));
        assertEquals(-1, state.inputPartition);
        processAt(2, 10, "a", T0, 1.0);
        assertInstanceOf(DeadLetter.class, forwarded().get(1));
    }

    @Test
    void aTaskStartedAgainReadsItsStatesFromTheStoreNotFromMemory() throws Exception {
        start("applicationId: p5\n");
        process("a", T0, 1.0);
        byte[] afterFirst = series.get("a");
        process("a", T0 + 60_000, 2.0);
        // An aborted transaction rolls the store back (here: to the state after the first point) and starts the task again.
        series.put("a", afterFirst);
        processor.close();
        processor.init(context);
        process("a", T0 + 120_000, 3.0);
        assertEquals(2, new io.surprisal.state.SeriesStateSerde().deserialize(series.get("a")).count);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exactly_once_v2\n", "at_least_once\ninput:\n  keyIsSeries: true\n"})
    void aStateReadFromTheStoreIsCountedAndAKeptOneIsNot(String guarantee) throws Exception {
        java.util.concurrent.atomic.AtomicInteger fromStore = new java.util.concurrent.atomic.AtomicInteger();
        start("applicationId: p6\nguarantee: " + guarantee, new DetectorEvents() {
            @Override
            public void stateReadFromStore() {
                fromStore.incrementAndGet();
            }
        });
        process("a", T0, 1.0);
        process("b", T0, 1.0);
        process("a", T0 + 60_000, 2.0);
        process("b", T0 + 60_000, 2.0);
        assertEquals(2, fromStore.get(), "each series' first point; their second points find them decoded");
        processor.close();
        processor.init(context);
        process("a", T0 + 120_000, 3.0);
        assertEquals(3, fromStore.get(), "a task started again reads from its store");
    }

    /**
     * Every score is the same whether the thread keeps no state decoded, fewer than the series (so the doorkeeper
     * decides which, and the rest are read into the task's own object), or all of them.
     */
    @Test
    void theScoresDoNotDependOnWhatIsKeptDecoded() throws Exception {
        List<String> expected = null;
        for (long budget : new long[]{0, 2 * DecodedStates.ENTRY_BYTES, 1L << 20}) {
            Properties config = new Properties();
            config.put("application.id", "p9");
            config.put("bootstrap.servers", "localhost:9092");
            config.put("statestore.cache.max.bytes", budget);
            context = new MockProcessorContext<>(config);
            start("applicationId: p9\n");
            Random random = new Random(9);
            List<String> scores = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                // A busy series every other point, the rest taking turns among five, each with a spike now and then.
                String id = i % 2 == 0 ? "busy" : "s" + (i / 2) % 5;
                process(id, T0 + i * 60_000L, 10 + Math.sin(i / 7.0) + random.nextGaussian() * 0.1 + (i % 97 == 0 ? 8 : 0));
                scores.add(json(forwarded().get(0)));
            }
            if (expected == null) {
                expected = scores;
            } else {
                assertEquals(expected, scores, "budget " + budget + " bytes");
            }
        }
    }

    @Test
    void theModelPunctuatorSwapsToANewModelInTheStore() throws Exception {
        start("applicationId: p2\n");
        process("a", T0, 1.0);
        assertTrue(json(forwarded().get(0)).contains("\"model\":\"" + generic.version() + "\""));
        models.put("generic", ModelDocument.write(new Model("generic", "v2", generic.layout(), generic.weights(), generic.features(),
                generic.normalization(), null)));
        process("a", T0 + 60_000, 2.0);
        assertTrue(json(forwarded().get(0)).contains("\"model\":\"" + generic.version() + "\""), "not before the punctuator ran");
        punctuate(DetectorProcessor.MODEL_CHECK);
        process("a", T0 + 120_000, 3.0);
        assertTrue(json(forwarded().get(0)).contains("\"model\":\"v2\""));
    }

    @Test
    void theExpiryPunctuatorDropsSeriesIdleInStreamTime() throws Exception {
        start("applicationId: p3\nidleExpiry: PT1H\nidleExpiryCheck: PT30S\n");
        process("old", T0, 1.0);
        process("new", T0 + 2 * 3_600_000L, 1.0);
        punctuate(Duration.ofSeconds(30));
        assertNull(series.get("old"));
        assertNotNull(series.get("new"));
    }

    @Test
    void aDeadLetterCarriesItsReasonAndSourceInTheHeaders() throws Exception {
        start("applicationId: p4\nmaxNewSeriesPerMinute: 1\n");
        process("a", T0, 1.0);
        processAt(0, 7, "b", T0 + 1, 1.0);
        var records = context.forwarded();
        assertEquals(2, records.size());
        var dead = records.get(1).record();
        assertInstanceOf(DeadLetter.class, dead.value());
        assertEquals("series-limit", DeadLetters.header(dead.headers(), DeadLetters.REASON));
        assertEquals("7", DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET), "where the point was in the points topic");
        assertEquals("{\"series\":\"b\",\"ts\":" + (T0 + 1) + ",\"value\":1.0}",
                new String(((DeadLetter) dead.value()).value(), StandardCharsets.UTF_8));
    }
}
