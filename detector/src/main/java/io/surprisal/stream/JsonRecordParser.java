package io.surprisal.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * {@code input.format: json}: one JSON object per record. Field paths are dotted ({@code device.id});
 * {@code ts} is ISO-8601 text (with zone; a missing zone means UTC) or a numeric epoch in
 * {@code input.timestampUnit} (ms by default), or the Kafka record's timestamp with
 * {@code input.timestamp: kafka}; values are JSON numbers or numeric text. A record with several
 * measurement fields fans out into one series per field: {@code <series>/<field>}.
 */
final class JsonRecordParser implements RecordParser {
    /** {@code input.timestamp} value that takes the time from the Kafka record, not from the body. */
    static final String KAFKA_TIMESTAMP = "kafka";

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN/Infinity get their own reason
            // Two JSON documents in one record (a producer that concatenated) must not lose the second silently.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final FieldPaths paths;
    private final TopologySpec.Input input;
    private final PointChecks checks;
    /** input.seriesTemplate, or null for the single field input.series. */
    private final SeriesTemplate template;
    /** The usual record read without a tree; null when the input reads more fields than a flat record's three. */
    private final FlatJsonPoint flat;

    JsonRecordParser(TopologySpec.Input input, PointChecks checks) {
        this(input, checks, true);
    }

    /** @param flatPath whether the usual record is read without a tree (off: the tree path alone, for comparison) */
    JsonRecordParser(TopologySpec.Input input, PointChecks checks, boolean flatPath) {
        this.input = input;
        this.checks = checks;
        this.paths = FieldPaths.of(input);
        this.template = input.seriesTemplate == null ? null : SeriesTemplate.parse(input.seriesTemplate);
        this.flat = flatPath ? FlatJsonPoint.forInput(input, paths) : null;
    }

    @Override
    public void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException {
        if (flat != null && flat.read(value)) {
            parseFlat(key, recordTs, out);
            return;
        }
        JsonNode root = readObject(value);
        String series = series(root, key);
        boolean keyMatched = PointParser.keyMatches(key, series, input);
        out.keyMatched(keyMatched);
        long ts = paths.kafkaTime() ? PointParser.recordTimestamp(recordTs, checks) : timestamp(root);
        java.util.List<String> tags = tags(root);
        if (input.measurements.isEmpty()) {
            out.add(new PointParser.ParsedPoint(series, ts, value(at(root, paths.value()), input.value), tags));
        } else {
            for (String field : input.measurements) {
                JsonNode node = root.get(field);
                if (node == null || node.isNull()) {
                    continue; // a device may report a subset of its measurements
                }
                out.add(new PointParser.ParsedPoint(series + "/" + field, ts, value(node, field), tags));
            }
            if (out.points().isEmpty()) {
                throw new BadRecordException("missing-value", "none of the measurement fields " + input.measurements + " is present");
            }
        }
    }

    /** The record {@link #flat} has read, checked in the order and with the calls the tree's fields get below. */
    private void parseFlat(byte[] key, long recordTs, ParseOutput out) throws BadRecordException {
        String series = checks.series(flat.series());
        out.keyMatched(PointParser.keyMatches(key, series, input));
        long ts;
        if (paths.kafkaTime()) {
            ts = PointParser.recordTimestamp(recordTs, checks);
        } else {
            ts = checks.timestamp(flat.timestampIsText() ? flat.timestampTextMillis() : paths.unit().toMillis(flat.timestampNumber()));
        }
        out.add(new PointParser.ParsedPoint(series, ts, checks.value(flat.value(), input.value), java.util.List.of()));
    }

    /**
     * The values of {@code input.tags}, shared by the record's points: text as it is, numbers and booleans as their
     * text, anything else (missing, null, an object, an array) null; never a reason to refuse the record.
     */
    private java.util.List<String> tags(JsonNode root) {
        if (paths.tags().length == 0) {
            return java.util.List.of();
        }
        String[] values = new String[paths.tags().length];
        for (int i = 0; i < paths.tags().length; i++) {
            JsonNode node = at(root, paths.tags()[i]);
            if (node != null && node.isValueNode() && !node.isNull()) {
                String text = node.asText();
                values[i] = text.length() > TopologySpec.Input.MAX_TAG_CHARS ? text.substring(0, TopologySpec.Input.MAX_TAG_CHARS) : text;
            }
        }
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(values));
    }

    /** The record as one JSON object, or the reason it is not one (shared with the prometheus format). */
    static JsonNode readObject(byte[] value) throws BadRecordException {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            String reason = msg.contains("UTF-8") || msg.contains("UTF8") ? "invalid-utf8" : "malformed-json";
            throw new BadRecordException(reason, PointParser.firstLine(msg));
        }
        if (root == null || root.isMissingNode()) {
            throw new BadRecordException("malformed-json", "record holds no JSON value");
        }
        if (!root.isObject()) {
            throw new BadRecordException("not-an-object", "record is a JSON " + root.getNodeType().name().toLowerCase()
                    + ", an object is expected");
        }
        return root;
    }

    private String series(JsonNode root, byte[] key) throws BadRecordException {
        if (template != null) {
            return checks.series(fromTemplate(root));
        }
        JsonNode node = at(root, paths.series());
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
        return checks.series(id);
    }

    /** The series id from input.seriesTemplate: every field present, as text; a dead letter naming the first that is not. */
    private String fromTemplate(JsonNode root) throws BadRecordException {
        String[] values = new String[template.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode node = at(root, template.path(i));
            if (node == null || node.isNull()) {
                throw new BadRecordException("missing-series", "field '" + template.field(i) + "' of input.seriesTemplate '"
                        + template + "' is missing");
            }
            if (!node.isValueNode()) {
                throw new BadRecordException("bad-series", "field '" + template.field(i) + "' of input.seriesTemplate '"
                        + template + "' must be text or a number, was " + node.getNodeType());
            }
            values[i] = node.asText();
        }
        return template.render(values);
    }

    private long timestamp(JsonNode root) throws BadRecordException {
        JsonNode node = at(root, paths.timestamp());
        if (node == null || node.isNull()) {
            throw new BadRecordException("missing-timestamp", "field '" + input.timestamp + "' is missing");
        }
        long ts;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            ts = paths.unit().toMillis(node.asLong());
        } else if (node.isTextual()) {
            ts = IsoInstant.millis(node.asText());
        } else {
            throw new BadRecordException("bad-timestamp", "field '" + input.timestamp
                    + "' must be ISO-8601 text or epoch " + (paths.unit() == TimestampUnit.MS ? "milliseconds" : paths.unit().label())
                    + ", was " + node.getNodeType());
        }
        return checks.timestamp(ts);
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
                        + PointParser.abbreviate(node.asText()) + "'");
            }
        } else {
            throw new BadRecordException("bad-value", "field '" + field + "' must be a number, was " + node.getNodeType());
        }
        return checks.value(v, field);
    }

    static JsonNode at(JsonNode root, String[] path) {
        JsonNode n = root;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n;
    }
}
