package io.surprisal.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The controls of one instance, as the global controls store holds them, indexed for the detect path: the
 * global thread writes ({@link ControlStoreUpdater}), every stream thread reads. Controls change rarely and
 * points arrive all the time, so each change builds a new immutable snapshot and a lookup reads one
 * volatile field: with no controls that is the whole cost, otherwise one hash lookup and, when it misses,
 * a walk over the prefixes from longest to shortest, all without allocating.
 */
public final class ControlTable {
    private record Prefix(String prefix, SeriesControl control) {
    }

    private record Snapshot(Map<String, SeriesControl> exact, Prefix[] prefixes, Map<String, SeriesControl> byKey) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), new Prefix[0], Map.of());

        boolean isEmpty() {
            return byKey.isEmpty();
        }
    }

    private volatile Snapshot snapshot = Snapshot.EMPTY;

    /** The control that applies to {@code series}: its own, else that of the longest matching prefix; null for none. */
    public SeriesControl find(String series) {
        Snapshot s = snapshot;
        if (s.isEmpty()) {
            return null;
        }
        SeriesControl own = s.exact.get(series);
        if (own != null) {
            return own;
        }
        for (Prefix p : s.prefixes) { // longest first: the first match is the most specific
            if (series.startsWith(p.prefix)) {
                return p.control;
            }
        }
        return null;
    }

    /** The control stored under exactly {@code key} (a series id or a {@code prefix*}), or null. */
    public SeriesControl get(String key) {
        return snapshot.byKey.get(key);
    }

    public boolean isEmpty() {
        return snapshot.isEmpty();
    }

    public int size() {
        return snapshot.byKey.size();
    }

    /** Sets (or, with a null control, removes) the control under {@code key}. */
    public synchronized void put(String key, SeriesControl control) {
        Map<String, SeriesControl> byKey = new HashMap<>(snapshot.byKey);
        if (control == null) {
            if (byKey.remove(key) == null) {
                return;
            }
        } else {
            byKey.put(key, control);
        }
        snapshot = index(byKey);
    }

    private static Snapshot index(Map<String, SeriesControl> byKey) {
        if (byKey.isEmpty()) {
            return Snapshot.EMPTY;
        }
        Map<String, SeriesControl> exact = new HashMap<>();
        List<Prefix> prefixes = new ArrayList<>();
        byKey.forEach((key, control) -> {
            if (key.endsWith("*")) {
                prefixes.add(new Prefix(key.substring(0, key.length() - 1), control));
            } else {
                exact.put(key, control);
            }
        });
        prefixes.sort(Comparator.comparingInt((Prefix p) -> p.prefix.length()).reversed().thenComparing(Prefix::prefix));
        return new Snapshot(Map.copyOf(exact), prefixes.toArray(new Prefix[0]), Map.copyOf(byKey));
    }
}
