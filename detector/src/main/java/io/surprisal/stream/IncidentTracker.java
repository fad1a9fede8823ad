package io.surprisal.stream;

import io.surprisal.score.ScoreRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns one task's scores into incidents: opens one when a series' score reaches the threshold, re-sends it
 * at most once per update interval of event time while it lasts, and closes it after {@code closeAfter}
 * points in a row below the threshold, on the point that makes the count.
 *
 * <p>Only open incidents are kept, in a changelogged store (so a rebalance or restart carries them over)
 * and, for the hot path, in a map loaded from that store when the task starts: a series without an open
 * incident costs a score comparison and, while any incident is open in the task, one hash lookup.
 * Not thread-safe: one per processor.
 */
final class IncidentTracker {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentTracker.class);

    private final KeyValueStore<String, byte[]> store;
    private final long updateEveryMs;
    private final int closeAfter;
    private final List<String> tagNames;
    private final Map<String, Incident> open = new HashMap<>();

    IncidentTracker(KeyValueStore<String, byte[]> store, long updateEveryMs, int closeAfter) {
        this(store, updateEveryMs, closeAfter, List.of());
    }

    /** @param tagNames the spec's input.tags: the names of the tag values points carry */
    IncidentTracker(KeyValueStore<String, byte[]> store, long updateEveryMs, int closeAfter, List<String> tagNames) {
        this.tagNames = tagNames;
        this.store = store;
        this.updateEveryMs = updateEveryMs;
        this.closeAfter = closeAfter;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            List<String> unreadable = new ArrayList<>();
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                try {
                    open.put(kv.key, Incident.fromBytes(kv.value));
                } catch (IllegalArgumentException e) {
                    LOG.warn("series '{}': stored incident unreadable ({}); dropping it", kv.key, e.getMessage());
                    unreadable.add(kv.key);
                }
            }
            unreadable.forEach(store::delete);
        }
    }

    /** The event record this scored point calls for (opened, updated or closed), or null for none. */
    AnomalyEvent observe(String series, ScoreRecord r) {
        return observe(series, r, List.of());
    }

    /** As above, for a point with {@code tags} (kept from the opening point). */
    AnomalyEvent observe(String series, ScoreRecord r, List<String> tags) {
        if (!r.anomaly && open.isEmpty()) {
            return null; // the common case: nothing is open in this task and nothing opens
        }
        Incident incident = open.get(series);
        if (incident == null) {
            if (!r.anomaly) {
                return null;
            }
            incident = Incident.openedBy(r, tags);
            open.put(series, incident);
            store.put(series, incident.toBytes());
            return incident.event(series, AnomalyEvent.Status.OPEN, r.ts, tagNames);
        }
        if (r.anomaly) {
            incident.anomalous(r);
        } else {
            incident.quietPoint(r.ts);
        }
        if (incident.quiet >= closeAfter) {
            return close(series, incident, r.ts);
        }
        AnomalyEvent event = null;
        if (r.ts - incident.lastEmitted >= updateEveryMs) {
            incident.lastEmitted = r.ts;
            event = incident.event(series, AnomalyEvent.Status.OPEN, r.ts, tagNames);
        }
        store.put(series, incident.toBytes());
        return event;
    }

    /**
     * Closes the incidents of series whose newest point is older than {@code cutoff} (a series that stopped
     * sending has no next point to close it on); returns their closing records.
     */
    List<AnomalyEvent> closeSilent(long cutoff) {
        if (open.isEmpty()) {
            return List.of();
        }
        List<AnomalyEvent> closed = new ArrayList<>();
        for (Iterator<Map.Entry<String, Incident>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Incident> e = it.next();
            if (e.getValue().lastSeen < cutoff) {
                it.remove();
                store.delete(e.getKey());
                closed.add(e.getValue().event(e.getKey(), AnomalyEvent.Status.CLOSED, e.getValue().lastSeen, tagNames));
            }
        }
        return closed;
    }

    private AnomalyEvent close(String series, Incident incident, long ts) {
        open.remove(series);
        store.delete(series);
        return incident.event(series, AnomalyEvent.Status.CLOSED, ts, tagNames);
    }

    int openCount() {
        return open.size();
    }
}
