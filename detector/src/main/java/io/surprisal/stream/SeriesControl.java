package io.surprisal.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * One record of the controls topic: what overrides the detector's {@code anomaly} decision for a series, or for
 * every series under a prefix ({@link ControlTable}). All fields optional:
 * <pre>{"threshold":0.9,"minAbsoluteDeviation":5,"minRelativeDeviation":0.1,"muteUntil":"2026-12-07T06:00:00Z","reason":"..."}</pre>
 * An unset number is NaN, an unset mute {@link Long#MIN_VALUE}; unknown fields are errors, so a typo
 * ({@code "treshold"}) is a rejected record rather than a control that silently does nothing.
 */
public record SeriesControl(double threshold, double minAbsoluteDeviation, double minRelativeDeviation,
                            long muteUntilMs, String reason) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("threshold", "minAbsoluteDeviation", "minRelativeDeviation", "muteUntil", "reason");
    /** Longest reason kept: it is a note for people, not a payload. */
    public static final int MAX_REASON_CHARS = 1024;
    public static final SeriesControl NONE = new SeriesControl(Double.NaN, Double.NaN, Double.NaN, Long.MIN_VALUE, null);

    /** The final {@code anomaly} decision on one scored point, and what held it back when a control did. */
    public enum Verdict {
        /** Below the threshold (or in warm-up): not an anomaly, control or not. */
        QUIET,
        /** Flagged {@code anomaly}. */
        ANOMALY,
        /** The score reached the threshold but the deviation from the expected value is below a minimum. */
        HELD_BACK,
        /** It would be flagged, but the series is muted at the point's event time. */
        MUTED
    }

    /** Whether {@code key} is a valid controls-topic key: a series id, or a prefix ending in a single trailing {@code *}. */
    public static boolean validKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        int star = key.indexOf('*');
        return star < 0 || star == key.length() - 1;
    }

    /** The control a record's value holds; an {@link IllegalArgumentException} says what is wrong with it. */
    public static SeriesControl read(byte[] json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (known: " + FIELDS + ")");
            }
        }
        double threshold = number(n, "threshold", 0, Double.MAX_VALUE);
        double minAbs = number(n, "minAbsoluteDeviation", 0, Double.MAX_VALUE);
        double minRel = number(n, "minRelativeDeviation", 0, Double.MAX_VALUE);
        long muteUntil = Long.MIN_VALUE;
        JsonNode m = n.get("muteUntil");
        if (m != null && !m.isNull()) {
            if (!m.isTextual()) {
                throw new IllegalArgumentException("muteUntil must be an ISO-8601 instant such as 2026-12-07T06:00:00Z");
            }
            muteUntil = instant(m.asText());
        }
        String reason = null;
        JsonNode r = n.get("reason");
        if (r != null && !r.isNull()) {
            if (!r.isTextual()) {
                throw new IllegalArgumentException("reason must be text");
            }
            reason = r.asText();
            if (reason.length() > MAX_REASON_CHARS) {
                throw new IllegalArgumentException("reason is longer than " + MAX_REASON_CHARS + " characters");
            }
        }
        return new SeriesControl(threshold, minAbs, minRel, muteUntil, reason);
    }

    /** Epoch milliseconds of an ISO-8601 instant, or an IllegalArgumentException naming the field. */
    public static long instant(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("muteUntil must be an ISO-8601 instant such as 2026-12-07T06:00:00Z, was '" + text + "'");
        }
    }

    private static double number(JsonNode n, String field, double min, double max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(field + " must be a finite number of at least " + min + ", was " + v.asText());
        }
        return d;
    }

    public boolean hasThreshold() {
        return !Double.isNaN(threshold);
    }

    public boolean mutes() {
        return muteUntilMs != Long.MIN_VALUE;
    }

    /** A copy with the threshold {@code t}. */
    public SeriesControl withThreshold(double t) {
        return new SeriesControl(t, minAbsoluteDeviation, minRelativeDeviation, muteUntilMs, reason);
    }

    /** A copy muted until {@code untilMs}, with {@code why} as its reason when given. */
    public SeriesControl mutedUntil(long untilMs, String why) {
        return new SeriesControl(threshold, minAbsoluteDeviation, minRelativeDeviation, untilMs, why == null ? reason : why);
    }

    public SeriesControl withReason(String why) {
        return new SeriesControl(threshold, minAbsoluteDeviation, minRelativeDeviation, muteUntilMs, why);
    }

    /**
     * Whether a scored point is an anomaly under this control, and if not because of it, why: the score at least
     * the threshold (this control's, else {@code specThreshold}), the deviation |value − expected| at least both
     * minimums, and the event time not before the mute's end. A point in warm-up is never an anomaly.
     */
    public Verdict judge(double specThreshold, boolean warmup, double score, double value, double expected, long ts) {
        if (warmup || !(score >= (hasThreshold() ? threshold : specThreshold))) {
            return Verdict.QUIET;
        }
        double deviation = Math.abs(value - expected);
        // NaN minimums compare false: an unset minimum holds nothing back.
        if (deviation < minAbsoluteDeviation || deviation < minRelativeDeviation * Math.abs(expected)
                || (!Double.isNaN(minAbsoluteDeviation) || !Double.isNaN(minRelativeDeviation)) && Double.isNaN(deviation)) {
            return Verdict.HELD_BACK;
        }
        return ts < muteUntilMs ? Verdict.MUTED : Verdict.ANOMALY;
    }

    /** The record's JSON, unset fields left out. */
    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        if (hasThreshold()) {
            n.put("threshold", threshold);
        }
        if (!Double.isNaN(minAbsoluteDeviation)) {
            n.put("minAbsoluteDeviation", minAbsoluteDeviation);
        }
        if (!Double.isNaN(minRelativeDeviation)) {
            n.put("minRelativeDeviation", minRelativeDeviation);
        }
        if (mutes()) {
            n.put("muteUntil", Instant.ofEpochMilli(muteUntilMs).toString());
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers and text always serialises", e);
        }
    }
}
