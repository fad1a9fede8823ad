package io.surprisal.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision and recall over anomaly events, not points, for the demo.
 * <ul>
 *   <li>A detected event is a run of flagged points of one series, each within
 *       {@code MERGE_INTERVALS} sampling intervals of the previous one; it starts at its first flag.</li>
 *   <li>An event is true when it starts inside an injected anomaly of its series, extended by
 *       {@code SLACK_INTERVALS} intervals after its end (the return to normal is surprising too).</li>
 *   <li>Precision = true events / detected events. Recall = injected anomalies with a true event /
 *       injected anomalies the detector has seen to their end (plus the slack).</li>
 * </ul>
 */
public final class DetectionReport {
    public static final int MERGE_INTERVALS = 10;
    public static final int SLACK_INTERVALS = 10;

    private final Map<String, Duration> intervals;
    private final Map<String, List<Instant>> flags = new HashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();

    public DetectionReport(Map<String, Duration> intervals) {
        this.intervals = intervals;
    }

    /** Records one score of a series; {@code anomaly} is its flag. Not thread-safe. */
    public void scored(String series, Instant ts, boolean anomaly) {
        lastSeen.merge(series, ts, (a, b) -> a.isAfter(b) ? a : b);
        if (anomaly) {
            flags.computeIfAbsent(series, k -> new ArrayList<>()).add(ts);
        }
    }

    public Result evaluate(List<InjectedAnomaly> injected) {
        int events = 0;
        int trueEvents = 0;
        Map<InjectedAnomaly, Boolean> found = new HashMap<>();
        for (var e : flags.entrySet()) {
            Duration interval = intervals.getOrDefault(e.getKey(), Duration.ofMinutes(1));
            Duration merge = interval.multipliedBy(MERGE_INTERVALS);
            Duration slack = interval.multipliedBy(SLACK_INTERVALS);
            List<Instant> ts = new ArrayList<>(e.getValue());
            ts.sort(Comparator.naturalOrder());
            Instant previous = null;
            for (Instant t : ts) {
                boolean newEvent = previous == null || Duration.between(previous, t).compareTo(merge) > 0;
                previous = t;
                if (!newEvent) {
                    continue;
                }
                events++;
                boolean matched = false;
                for (InjectedAnomaly a : injected) {
                    if (a.series().equals(e.getKey()) && a.covers(t, slack)) {
                        found.put(a, true);
                        matched = true;
                    }
                }
                if (matched) {
                    trueEvents++;
                }
            }
        }
        int eligible = 0;
        int detected = 0;
        Map<AnomalyKind, int[]> byKind = new java.util.EnumMap<>(AnomalyKind.class);
        for (InjectedAnomaly a : injected) {
            Duration slack = intervals.getOrDefault(a.series(), Duration.ofMinutes(1)).multipliedBy(SLACK_INTERVALS);
            Instant seen = lastSeen.get(a.series());
            if (seen == null || seen.isBefore(a.endTs().plus(slack))) {
                continue; // the detector has not seen this anomaly through yet
            }
            eligible++;
            int[] kind = byKind.computeIfAbsent(a.kind(), k -> new int[2]);
            kind[0]++;
            if (found.containsKey(a)) {
                detected++;
                kind[1]++;
            }
        }
        return new Result(events, trueEvents, eligible, detected, byKind);
    }

    /** Counts behind precision and recall; both are 1 when there is nothing to be wrong about. */
    public record Result(int events, int trueEvents, int injected, int detected, Map<AnomalyKind, int[]> byKind) {
        /** "spike 40/41, level-shift 30/33, ...": found / seen per kind. */
        public String recallByKind() {
            StringBuilder sb = new StringBuilder();
            byKind.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k.label()).append(' ')
                    .append(v[1]).append('/').append(v[0]));
            return sb.toString();
        }

        public double precision() {
            return events == 0 ? 1 : (double) trueEvents / events;
        }

        public double recall() {
            return injected == 0 ? 1 : (double) detected / injected;
        }
    }
}
