package io.surprisal.stream;

import io.surprisal.score.Judgement;
import io.surprisal.score.ScoreRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Incidents from scores: when they open, update and close, and what they carry. */
class IncidentTrackerTest {
    static final long MINUTE = 60_000;
    KeyValueStore<String, byte[]> store;
    IncidentTracker tracker;
    final ScoreRecord r = new ScoreRecord();

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DetectorTopology.INCIDENT_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        tracker = new IncidentTracker(store, 5 * MINUTE, 3);
    }

    AnomalyEvent point(String series, long ts, double score, Judgement judgement) {
        r.ts = ts;
        r.value = 100 + score;
        r.expected = 10;
        r.lower = 8;
        r.upper = 12;
        r.score = score;
        r.anomaly = score >= 0.8;
        r.judgement = judgement;
        r.model = "m-7";
        return tracker.observe(series, r);
    }

    @Test
    void aSeriesThatNeverFiresHasNoIncidentAndNothingStored() {
        for (int i = 0; i < 100; i++) {
            assertNull(point("calm", i * MINUTE, 0.5, Judgement.PREDICTION));
        }
        assertEquals(0, tracker.openCount());
        assertEquals(0, store.approximateNumEntries());
    }

    @Test
    void opensOnTheFirstPointAtTheThresholdKeepsThePeakAndClosesAfterQuietPoints() {
        assertNull(point("s", 0, 0.5, Judgement.NONE));
        AnomalyEvent opened = point("s", MINUTE, 0.85, Judgement.DAILY);
        assertNotNull(opened);
        assertTrue(opened.opened());
        assertEquals(MINUTE, opened.start());
        assertEquals(AnomalyEvent.STILL_OPEN, opened.end());
        assertEquals(Judgement.DAILY, opened.openedBy());
        assertEquals(0.85, opened.peak().score());
        assertNotNull(store.get("s"), "the open incident is in the changelogged store");

        assertNull(point("s", 2 * MINUTE, 0.95, Judgement.EXTREME), "within the update interval: no record");
        assertNull(point("s", 3 * MINUTE, 0.9, Judgement.PREDICTION), "a lower score does not move the peak");
        assertNull(point("s", 4 * MINUTE, 0.3, Judgement.NONE));
        assertNull(point("s", 5 * MINUTE, 0.3, Judgement.NONE));
        AnomalyEvent closed = point("s", 6 * MINUTE, 0.3, Judgement.NONE);
        assertNotNull(closed, "the third quiet point in a row closes it");
        assertTrue(closed.closed());
        assertFalse(closed.opened());
        assertEquals(MINUTE, closed.start());
        assertEquals(3 * MINUTE, closed.end(), "the end is the last point at the threshold");
        assertEquals(6 * MINUTE, closed.updated());
        assertEquals(3, closed.anomalies());
        assertEquals(Judgement.DAILY, closed.openedBy(), "what opened it stays, as the alert's identity");
        assertEquals(new AnomalyEvent.Peak(2 * MINUTE, 0.95, 100.95, 10, 8, 12, Judgement.EXTREME, "m-7"), closed.peak());
        assertNull(store.get("s"), "a closed incident leaves nothing behind");
        assertEquals(0, tracker.openCount());
    }

    @Test
    void anAnomalousPointResetsTheQuietCount() {
        point("s", 0, 0.9, Judgement.PREDICTION);
        assertNull(point("s", 1, 0.1, Judgement.NONE));
        assertNull(point("s", 2, 0.1, Judgement.NONE));
        assertNull(point("s", 3, 0.81, Judgement.PREDICTION));
        assertNull(point("s", 4, 0.1, Judgement.NONE));
        assertNull(point("s", 5, 0.1, Judgement.NONE));
        assertTrue(point("s", 6, 0.1, Judgement.NONE).closed());
    }

    @Test
    void aLastingIncidentIsUpdatedOncePerIntervalOfEventTime() {
        List<AnomalyEvent> records = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            AnomalyEvent e = point("s", i * MINUTE, 0.9, Judgement.PREDICTION);
            if (e != null) {
                records.add(e);
            }
        }
        assertEquals(List.of(0L, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 20 * MINUTE),
                records.stream().map(AnomalyEvent::updated).toList());
        assertTrue(records.get(0).opened());
        assertTrue(records.subList(1, records.size()).stream().noneMatch(AnomalyEvent::opened));
        assertTrue(records.stream().allMatch(e -> e.status() == AnomalyEvent.Status.OPEN));
        assertEquals(21, records.get(4).anomalies());
    }

    @Test
    void seriesHaveIncidentsOfTheirOwn() {
        point("a", 0, 0.9, Judgement.PREDICTION);
        assertTrue(point("b", 0, 0.9, Judgement.PERIOD).opened());
        for (int i = 1; i <= 3; i++) {
            point("b", i, 0.9, Judgement.PERIOD);
        }
        assertNull(point("a", 1, 0.1, Judgement.NONE));
        assertNull(point("a", 2, 0.1, Judgement.NONE));
        assertTrue(point("a", 3, 0.1, Judgement.NONE).closed());
        assertEquals(1, tracker.openCount(), "b is still open");
    }

    @Test
    void openIncidentsSurviveARestartThroughTheStore() {
        point("s", 0, 0.9, Judgement.EXTREME);
        point("s", MINUTE, 0.1, Judgement.NONE);
        IncidentTracker restarted = new IncidentTracker(store, 5 * MINUTE, 3);
        assertEquals(1, restarted.openCount());
        r.score = 0.1;
        r.anomaly = false;
        r.ts = 2 * MINUTE;
        assertNull(restarted.observe("s", r), "the quiet count went on from the store: one more point is needed");
        r.ts = 3 * MINUTE;
        AnomalyEvent closed = restarted.observe("s", r);
        assertTrue(closed.closed());
        assertEquals(0, closed.start());
        assertEquals(Judgement.EXTREME, closed.peak().judgement());
    }

    @Test
    void anUnreadableStoredIncidentIsDroppedNotFatal() {
        store.put("garbage", new byte[]{1, 2, 3});
        store.put("future", new byte[]{99});
        IncidentTracker restarted = new IncidentTracker(store, MINUTE, 3);
        assertEquals(0, restarted.openCount());
        assertNull(store.get("garbage"));
    }

    @Test
    void silentSeriesAreClosedAtTheirLastPoint() {
        point("gone", 0, 0.9, Judgement.PREDICTION);
        point("gone", MINUTE, 0.2, Judgement.NONE);
        point("busy", 10 * MINUTE, 0.9, Judgement.PREDICTION);
        List<AnomalyEvent> closed = tracker.closeSilent(5 * MINUTE);
        assertEquals(1, closed.size());
        assertEquals("gone", closed.get(0).series());
        assertEquals(0, closed.get(0).end());
        assertEquals(MINUTE, closed.get(0).updated());
        assertEquals(1, tracker.openCount());
        assertNull(store.get("gone"));
    }

    @Test
    void theIncidentRecordRoundTripsAndRejectsTruncation() {
        point("s", 0, 0.9, Judgement.PERIOD);
        byte[] bytes = store.get("s");
        Incident back = Incident.fromBytes(bytes);
        assertEquals(Judgement.PERIOD, back.peakJudgement);
        assertEquals("m-7", back.peakModel);
        assertTrue(bytes.length < 120, "compact: " + bytes.length + " bytes");
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Incident.fromBytes(cut));
        }
    }
}
