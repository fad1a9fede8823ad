package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surprisal.stream.SeriesControl;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The bodies of {@code POST /series/{id}/feedback} and {@code POST /series/{id}/mute}, turned into control
 * records for the series (merged into the control it already has, so a mute keeps its threshold and
 * feedback keeps its mute) and written through a {@link ControlWriter}:
 * <ul>
 *   <li>feedback {@code {"verdict":"not-anomaly"}} (optional {@code "score"}, {@code "reason"}): the series'
 *       threshold becomes the smallest number above the score of its most recent anomaly, the peak of its open
 *       incident as {@code /series/{id}} shows it (or the {@code score} given, whichever is higher), and never
 *       lower than it was; so the same pattern scores the same and no longer fires</li>
 *   <li>mute {@code {"until":"2026-12-07T06:00:00Z"}} (optional {@code "reason"}): no point of the series
 *       before that event time is flagged; the id may be a prefix ending in {@code *} (URL-encoded as %2A or not)</li>
 * </ul>
 * Answers 202 with the record written, 400 for a body that is not one of these, 404 for feedback on a series
 * no instance knows without a score, 409 when there is no anomaly to give feedback on, 503 when the store
 * or the topic is not available. Never throws.
 */
final class ControlRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ControlRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NOT_ANOMALY = "not-anomaly";
    private static final Set<String> FEEDBACK_FIELDS = Set.of("verdict", "score", "reason");
    private static final Set<String> MUTE_FIELDS = Set.of("until", "reason");

    private final ControlWriter writer;
    private final SeriesLookup lookup;

    ControlRequests(ControlWriter writer, SeriesLookup lookup) {
        this.writer = writer;
        this.lookup = lookup;
    }

    Response feedback(String series, byte[] body) {
        if (series.indexOf('*') >= 0) {
            return badRequest("feedback is about one series: its id cannot hold a *");
        }
        JsonNode n;
        try {
            n = object(body, FEEDBACK_FIELDS);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        if (!NOT_ANOMALY.equals(n.path("verdict").asText(null))) {
            return badRequest("verdict must be \"" + NOT_ANOMALY + "\"");
        }
        JsonNode given = n.get("score");
        if (given != null && !(given.isNumber() && given.asDouble() >= 0 && given.asDouble() <= 1)) {
            return badRequest("score must be a number in [0, 1]");
        }
        String reason;
        try {
            reason = reason(n);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        Optional<String> summary;
        try {
            summary = lookup.lookup(series);
        } catch (InvalidStateStoreException e) {
            return Response.object(503, "error", "series store not available, retry", "series", series).withHeader("Retry-After", "1");
        } catch (RuntimeException e) {
            LOG.warn("feedback on '{}': the series lookup failed", series, e);
            return Response.object(503, "error", "series lookup failed, retry", "series", series).withHeader("Retry-After", "1");
        }
        if (summary.isEmpty() && given == null) {
            return Response.object(404, "error", "unknown series", "series", series);
        }
        // The higher of the score given and the open incident's peak (Math.max would turn a missing one, NaN, into NaN).
        double score = given == null ? Double.NaN : given.asDouble();
        double peak = summary.map(ControlRequests::peakScore).orElse(Double.NaN);
        if (Double.isNaN(score) || peak > score) {
            score = peak;
        }
        if (Double.isNaN(score)) {
            return Response.object(409, "error", "the series has no open incident to give feedback on; "
                    + "give the anomaly's score (e.g. from its anomaly event's peak) as \"score\"", "series", series);
        }
        SeriesControl current = current(series);
        double threshold = Math.nextUp(score);
        if (current.hasThreshold() && current.threshold() > threshold) {
            threshold = current.threshold(); // feedback only ever makes a series quieter
        }
        return write(series, current.withThreshold(threshold)
                .withReason(reason != null ? reason : "not-anomaly feedback on a score of " + score));
    }

    /** {@code series} may also be a prefix ending in {@code *}: a maintenance window for every series under it. */
    Response mute(String series, byte[] body) {
        if (!SeriesControl.validKey(series)) {
            return badRequest("a * may only end the id, as a prefix: plant1/*");
        }
        SeriesControl muted;
        try {
            JsonNode n = object(body, MUTE_FIELDS);
            JsonNode until = n.get("until");
            if (until == null || !until.isTextual()) {
                return badRequest("until must be an ISO-8601 instant such as 2026-12-07T06:00:00Z");
            }
            long untilMs;
            try {
                untilMs = SeriesControl.instant(until.asText());
            } catch (IllegalArgumentException e) {
                return badRequest("until must be an ISO-8601 instant such as 2026-12-07T06:00:00Z, was '" + until.asText() + "'");
            }
            muted = current(series).mutedUntil(untilMs, reason(n));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        return write(series, muted);
    }

    private SeriesControl current(String series) {
        SeriesControl c = writer.current(series);
        return c == null ? SeriesControl.NONE : c;
    }

    private Response write(String series, SeriesControl control) {
        try {
            writer.write(series, control);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.object(503, "error", "interrupted");
        } catch (Exception e) {
            LOG.warn("control for '{}' not written", series, e);
            return Response.object(503, "error", "the controls topic did not take the record, retry", "series", series)
                    .withHeader("Retry-After", "1");
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("key", series);
        try {
            answer.set("value", JSON.readTree(control.toJson()));
        } catch (IOException e) {
            throw new IllegalStateException("a control's own JSON always reads back", e);
        }
        return Response.json(202, answer.toString());
    }

    /** The peak score of the open incident in a /series/{id} summary, or NaN when it shows none. */
    static double peakScore(String summaryJson) {
        try {
            JsonNode peak = JSON.readTree(summaryJson).path("incident").path("peakScore");
            return peak.isNumber() ? peak.asDouble() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static JsonNode object(byte[] body, Set<String> fields) {
        JsonNode n;
        try {
            n = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (known: " + fields + ")");
            }
        }
        return n;
    }

    private static String reason(JsonNode n) {
        JsonNode r = n.get("reason");
        if (r == null || r.isNull()) {
            return null;
        }
        if (!r.isTextual() || r.asText().length() > SeriesControl.MAX_REASON_CHARS) {
            throw new IllegalArgumentException("reason must be text of at most " + SeriesControl.MAX_REASON_CHARS + " characters");
        }
        return r.asText();
    }

    private static Response badRequest(String why) {
        return Response.object(400, "error", why);
    }
}
