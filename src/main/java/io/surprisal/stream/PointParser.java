package io.surprisal.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Turns one input record into points, or says exactly why it cannot. Field paths are dotted
 * ({@code device.id}); {@code ts} is ISO-8601 text (with zone; a missing zone means UTC) or epoch
 * milliseconds; values are JSON numbers or numeric text. A record with several measurement fields
 * fans out into one series per field: {@code <series>/<field>}.
 */
public final class PointParser {
    public static final int MAX_SERIES_LENGTH = 256;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN/Infinity get their own reason
            // Two JSON documents in one record (a producer that concatenated) must not lose the second silently.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final TopologySpec.Input input;
    private final String[] seriesPath;
    private final String[] tsPath;
    private final String[] valuePath;
    private final long minTs;
    private final long maxFutureMs;
    private final double maxAbsValue;
    private final LongSupplier clock;
    private final boolean rekey;
    private boolean keyMatched = true;

    public PointParser(TopologySpec.Input input, LongSupplier clock) {
        this.input = input;
        this.seriesPath = input.series.split("\\.");
        this.tsPath = input.timestamp.split("\\.");
        this.valuePath = input.value.split("\\.");
        this.minTs = Instant.parse(input.minTimestamp).toEpochMilli();
        this.maxFutureMs = Duration.parse(input.maxFutureSkew).toMillis();
        this.maxAbsValue = input.maxAbsValue > 0 ? input.maxAbsValue : Double.POSITIVE_INFINITY;
        this.clock = clock;
        this.rekey = input.keyIsSeries && "repartition".equals(input.onKeyMismatch);
    }

    /**
     * After a successful {@link #parse}: false when, with keyIsSeries, the key was not the series (only
     * seen with {@code onKeyMismatch: repartition}; otherwise such a record is a key-mismatch).
     */
    public boolean keyMatched() {
        return keyMatched;
    }

    /** Appends the record's points to {@code out} (cleared first); the key is used when the record has no series field. */
    public void parse(byte[] key, byte[] value, List<ParsedPoint> out) throws BadRecordException {
        out.clear();
        if (value == null) {
            throw new BadRecordException("null-value", "record value is null (a tombstone is not a point)");
        }
        if (value.length == 0) {
            throw new BadRecordException("empty-record", "record value is empty");
        }
        if (value.length > input.maxRecordBytes) {
            throw new BadRecordException("oversized-record", "record is " + value.length + " bytes, the limit is "
                    + input.maxRecordBytes);
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            String reason = msg.contains("UTF-8") || msg.contains("UTF8") ? "invalid-utf8" : "malformed-json";
            throw new BadRecordException(reason, firstLine(msg));
        }
        if (root == null || root.isMissingNode()) {
            throw new BadRecordException("malformed-json", "record holds no JSON value");
        }
        if (!root.isObject()) {
            throw new BadRecordException("not-an-object", "record is a JSON " + root.getNodeType().name().toLowerCase()
                    + ", an object is expected");
        }
        String series = series(root, key);
        keyMatched = !input.keyIsSeries || keyIs(key, series);
        if (!keyMatched && !rekey) {
            // The partition follows the key: a key that is not the series puts the series' points on
            // another task than its state, and the two diverge. There is no repartition to fix it here.
            throw new BadRecordException(DeadLetters.KEY_MISMATCH, key == null
                    ? "record has no key; with keyIsSeries the key must be the series id '" + abbreviate(series) + "'"
                    : "record key is not the series id '" + abbreviate(series) + "' (keyIsSeries)");
        }
        long ts = timestamp(root);
        if (input.measurements.isEmpty()) {
            out.add(new ParsedPoint(series, ts, value(at(root, valuePath), input.value)));
        } else {
            for (String field : input.measurements) {
                JsonNode node = root.get(field);
                if (node == null || node.isNull()) {
                    continue; // a device may report a subset of its measurements
                }
                out.add(new ParsedPoint(series + "/" + field, ts, value(node, field)));
            }
            if (out.isEmpty()) {
                throw new BadRecordException("missing-value", "none of the measurement fields " + input.measurements + " is present");
            }
        }
    }

    private String series(JsonNode root, byte[] key) throws BadRecordException {
        JsonNode node = at(root, seriesPath);
        String id;
        if (node == null || node.isNull()) {
            if (input.keyIsSeries && key != null && key.length > 0) {
                id = new String(key, java.nio.charset.StandardCharsets.UTF_8);
            } else {
                throw new BadRecordException("missing-series", "field '" + input.series + "' is missing");
            }
        } else if (!node.isTextual()) {
            throw new BadRecordException("bad-series", "field '" + input.series + "' must be text, was " + node.getNodeType());
        } else {
            id = node.asText();
        }
        if (id.isBlank() || id.length() > MAX_SERIES_LENGTH) {
            throw new BadRecordException("bad-series", "series id must be 1.." + MAX_SERIES_LENGTH + " characters, not blank");
        }
        return id;
    }

    /** Whether {@code key} is the UTF-8 form of {@code id}; allocates nothing for an ASCII id. */
    static boolean keyIs(byte[] key, String id) {
        if (key == null) {
            return false;
        }
        int n = id.length();
        if (key.length == n) {
            int i = 0;
            while (i < n && id.charAt(i) < 0x80 && key[i] == (byte) id.charAt(i)) {
                i++;
            }
            if (i == n) {
                return true;
            }
            if (id.charAt(i) < 0x80) {
                return false;
            }
        }
        return key.length >= n && java.util.Arrays.equals(key, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private long timestamp(JsonNode root) throws BadRecordException {
        JsonNode node = at(root, tsPath);
        if (node == null || node.isNull()) {
            throw new BadRecordException("missing-timestamp", "field '" + input.timestamp + "' is missing");
        }
        long ts;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            ts = node.asLong();
        } else if (node.isTextual()) {
            ts = parseInstant(node.asText());
        } else {
            throw new BadRecordException("bad-timestamp", "field '" + input.timestamp
                    + "' must be ISO-8601 text or epoch milliseconds, was " + node.getNodeType());
        }
        long now = clock.getAsLong();
        if (ts < minTs || ts > now + maxFutureMs) {
            throw new BadRecordException("timestamp-out-of-range", "timestamp " + ts + " ms is before " + input.minTimestamp
                    + " or more than " + input.maxFutureSkew + " in the future");
        }
        return ts;
    }

    public static long parseInstant(String text) throws BadRecordException {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new BadRecordException("bad-timestamp", "cannot read timestamp '" + abbreviate(text) + "'");
            } catch (ArithmeticException | DateTimeException e2) {
                throw outOfRange(text);
            }
        } catch (ArithmeticException | DateTimeException e) {
            // A valid ISO instant beyond about year +292,278,994 has no epoch millisecond: toEpochMilli
            // throws ArithmeticException (not a DateTimeException), which once killed the stream thread.
            throw outOfRange(text);
        }
    }

    private static BadRecordException outOfRange(String text) {
        return new BadRecordException("timestamp-out-of-range", "timestamp '" + abbreviate(text)
                + "' is beyond what epoch milliseconds can hold");
    }

    private double value(JsonNode node, String field) throws BadRecordException {
        if (node == null || node.isNull()) {
            throw new BadRecordException("missing-value", "field '" + field + "' is missing");
        }
        double v;
        if (node.isNumber()) {
            v = node.asDouble();
        } else if (node.isTextual()) {
            try {
                v = Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new BadRecordException("bad-value", "field '" + field + "' is text that is not a number: '"
                        + abbreviate(node.asText()) + "'");
            }
        } else {
            throw new BadRecordException("bad-value", "field '" + field + "' must be a number, was " + node.getNodeType());
        }
        if (!Double.isFinite(v)) {
            throw new BadRecordException("non-finite-value", "field '" + field + "' is " + v);
        }
        if (Math.abs(v) > maxAbsValue) {
            // One such point would overflow the series' running variance and blind it for good.
            throw new BadRecordException("value-out-of-range", "field '" + field + "' is " + v + ", beyond ±" + maxAbsValue);
        }
        return v;
    }

    private static JsonNode at(JsonNode root, String[] path) {
        JsonNode n = root;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** One point as parsed, before it is keyed and routed. */
    public record ParsedPoint(String series, long ts, double value) {
    }
}
