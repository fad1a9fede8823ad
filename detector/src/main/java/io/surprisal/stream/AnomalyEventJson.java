package io.surprisal.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surprisal.score.Judgement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The events topic's record as JSON:
 * <pre>{"series","status","start","end","updated","anomalies","openedBy",
 *  "peak":{"ts","score","value","expected","lower","upper","judgement","model"},"tags":{...}}</pre>
 * ({@code tags} only when the spec names {@code input.tags} and the opening point had some).
 * Times are ISO-8601 instants as in the score record; {@code end} is null while open; a non-finite number
 * is null. Events are rare (one per incident and update interval), so a general-purpose mapper is fine here.
 */
public final class AnomalyEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnomalyEventJson() {
    }

    public static byte[] write(AnomalyEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("series", e.series());
        n.put("status", e.status().id());
        n.put("start", instant(e.start()));
        if (e.end() == AnomalyEvent.STILL_OPEN) {
            n.putNull("end");
        } else {
            n.put("end", instant(e.end()));
        }
        n.put("updated", instant(e.updated()));
        n.put("anomalies", e.anomalies());
        n.put("openedBy", e.openedBy().id());
        AnomalyEvent.Peak p = e.peak();
        ObjectNode peak = n.putObject("peak");
        peak.put("ts", instant(p.ts()));
        number(peak, "score", p.score());
        number(peak, "value", p.value());
        number(peak, "expected", p.expected());
        number(peak, "lower", p.lower());
        number(peak, "upper", p.upper());
        peak.put("judgement", p.judgement().id());
        peak.put("model", p.model());
        if (!e.tags().isEmpty()) {
            ObjectNode tags = n.putObject("tags");
            e.tags().forEach(tags::put);
        }
        try {
            // Written as text first: a char-based writer passes a lone surrogate in a series id through, and the
            // UTF-8 encoding below replaces it, where a byte-based generator would throw on it.
            return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e1) {
            throw new IllegalStateException("cannot write an event as JSON", e1);
        }
    }

    /** Reads a record written by {@link #write} (for consumers in this code base: the demo and the tests). */
    public static AnomalyEvent read(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        JsonNode p = n.path("peak");
        return new AnomalyEvent(n.path("series").asText(),
                AnomalyEvent.Status.valueOf(n.path("status").asText().toUpperCase(Locale.ROOT)),
                millis(n.path("start")), n.path("end").isNull() ? AnomalyEvent.STILL_OPEN : millis(n.path("end")),
                millis(n.path("updated")), n.path("anomalies").asInt(), judgement(n.path("openedBy")),
                new AnomalyEvent.Peak(millis(p.path("ts")), p.path("score").asDouble(Double.NaN),
                        number(p.path("value")), number(p.path("expected")), number(p.path("lower")), number(p.path("upper")),
                        judgement(p.path("judgement")), p.path("model").asText()), tags(n.path("tags")));
    }

    private static java.util.Map<String, String> tags(JsonNode n) {
        if (!n.isObject()) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        n.fields().forEachRemaining(f -> tags.put(f.getKey(), f.getValue().asText()));
        return java.util.Collections.unmodifiableMap(tags);
    }

    private static String instant(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static long millis(JsonNode n) {
        return Instant.parse(n.asText()).toEpochMilli();
    }

    private static Judgement judgement(JsonNode n) {
        return Judgement.valueOf(n.asText().toUpperCase(Locale.ROOT));
    }
}
