package io.surprisal.stream;

import io.surprisal.score.Judgement;

/**
 * One record of the events topic: an incident of one series as it stands when the record was written.
 * An incident opens on the first point whose score reaches the threshold, is re-sent while it lasts
 * (at most once per {@code events.updateEvery} of event time) and closes after {@code events.closeAfter}
 * points in a row below the threshold. Times are epoch milliseconds of event time.
 *
 * @param status    OPEN while it lasts; CLOSED once, as its last record
 * @param start     timestamp of the point that opened it
 * @param end       timestamp of its last point at or above the threshold once CLOSED; {@link #STILL_OPEN} while OPEN
 * @param updated   timestamp of the point (or, closed by idle expiry, the last point) this record was written on
 * @param anomalies points at or above the threshold so far
 * @param openedBy  the part of the detector that opened it: fixed for the incident's life (an alert's identity)
 * @param peak      the highest-scored point so far, with what the detector expected there
 * @param tags      the opening point's {@code input.tags} by name (those it had), in the spec's order; empty without
 */
public record AnomalyEvent(String series, Status status, long start, long end, long updated, int anomalies,
                           Judgement openedBy, Peak peak, java.util.Map<String, String> tags) {

    public AnomalyEvent(String series, Status status, long start, long end, long updated, int anomalies, Judgement openedBy, Peak peak) {
        this(series, status, start, end, updated, anomalies, openedBy, peak, java.util.Map.of());
    }

    /** {@link #end} of an incident that is still open (null in the JSON). */
    public static final long STILL_OPEN = Long.MIN_VALUE;

    public enum Status {
        OPEN, CLOSED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The incident's highest-scored point: what was seen, what was expected and which judgement gave the score. */
    public record Peak(long ts, double score, double value, double expected, double lower, double upper,
                       Judgement judgement, String model) {
    }

    /** The first record of an incident (its opening point); later OPEN records are updates. */
    public boolean opened() {
        return status == Status.OPEN && updated == start;
    }

    public boolean closed() {
        return status == Status.CLOSED;
    }
}
