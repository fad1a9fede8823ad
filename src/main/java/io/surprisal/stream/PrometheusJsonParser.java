package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code input.format: prometheus}: the JSON that Prometheus remote-write → Kafka adapters
 * (prometheus-kafka-adapter and its kin) write, one sample per record:
 * {@code {"timestamp":"2026-11-24T12:00:00Z","value":"42.5","name":"http_requests_total","labels":{"__name__":"http_requests_total","job":"api","instance":"a"}}}.
 *
 * <p>The series id is the sample as PromQL prints it: name, then the labels sorted by name,
 * without {@code __name__}, values quoted and escaped as in the text exposition format:
 * {@code http_requests_total{instance="a",job="api"}} (no braces without labels). The value is
 * text (Go's {@code NaN}, {@code +Inf} and {@code -Inf} are non-finite-value: a stale marker is a
 * NaN) or a number; the timestamp ISO-8601 text or a numeric epoch in {@code input.timestampUnit}
 * (ms by default, as remote write carries it).
 */
final class PrometheusJsonParser implements RecordParser {
    private static final String NAME_LABEL = "__name__";

    private final TopologySpec.Input input;
    private final PointChecks checks;
    private final TimestampUnit unit;
    private final boolean rekey;
    private final StringBuilder id = new StringBuilder(128);
    private String[] labelNames = new String[8];

    PrometheusJsonParser(TopologySpec.Input input, PointChecks checks) {
        this.input = input;
        this.checks = checks;
        this.unit = input.timestampUnit == null ? TimestampUnit.MS : TimestampUnit.of("input.timestampUnit", input.timestampUnit);
        this.rekey = input.keyIsSeries && "repartition".equals(input.onKeyMismatch);
    }

    @Override
    public void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException {
        JsonNode root = JsonRecordParser.readObject(value);
        String series = series(root);
        boolean keyMatched = !input.keyIsSeries || PointParser.keyIs(key, series);
        if (!keyMatched && !rekey) {
            throw new BadRecordException(DeadLetters.KEY_MISMATCH, "record key is not the series id '"
                    + PointParser.abbreviate(series) + "' (keyIsSeries)");
        }
        out.keyMatched(keyMatched);
        long ts = timestamp(root.get("timestamp"));
        out.add(new PointParser.ParsedPoint(series, ts, value(root.get("value"))));
    }

    private String series(JsonNode root) throws BadRecordException {
        JsonNode labels = root.get("labels");
        if (labels != null && !labels.isNull() && !labels.isObject()) {
            throw new BadRecordException("bad-series", "field 'labels' must be an object, was " + labels.getNodeType());
        }
        JsonNode name = root.get("name");
        if ((name == null || name.isNull()) && labels != null && labels.isObject()) {
            name = labels.get(NAME_LABEL);
        }
        if (name == null || name.isNull()) {
            throw new BadRecordException("missing-series", "field 'name' is missing (and labels.__name__ too)");
        }
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw new BadRecordException("bad-series", "field 'name' must be non-empty text, was " + name.getNodeType());
        }
        id.setLength(0);
        id.append(name.asText());
        int count = 0;
        if (labels != null && labels.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> label = it.next();
                if (!label.getValue().isTextual()) {
                    throw new BadRecordException("bad-series", "label '" + PointParser.abbreviate(label.getKey())
                            + "' must be text, was " + label.getValue().getNodeType());
                }
                if (label.getKey().equals(NAME_LABEL)) {
                    continue;
                }
                if (count == labelNames.length) {
                    labelNames = Arrays.copyOf(labelNames, count * 2);
                }
                labelNames[count++] = label.getKey();
            }
            // Sorted by name as Prometheus sorts label sets; names are ASCII ([a-zA-Z_][a-zA-Z0-9_]*), so String order is its byte order.
            Arrays.sort(labelNames, 0, count);
            for (int i = 0; i < count; i++) {
                id.append(i == 0 ? '{' : ',').append(labelNames[i]).append("=\"");
                escape(labels.get(labelNames[i]).asText());
                id.append('"');
                if (id.length() > PointParser.MAX_SERIES_LENGTH) {
                    break; // too long already: bad-series below, without building the rest
                }
            }
            if (count > 0) {
                id.append('}');
            }
            Arrays.fill(labelNames, 0, count, null);
        }
        return checks.series(id.toString());
    }

    /** A label value as the text exposition format writes it: backslash, quote and newline escaped. */
    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> id.append("\\\\");
                case '"' -> id.append("\\\"");
                case '\n' -> id.append("\\n");
                default -> id.append(c);
            }
        }
    }

    private long timestamp(JsonNode node) throws BadRecordException {
        if (node == null || node.isNull()) {
            throw new BadRecordException("missing-timestamp", "field 'timestamp' is missing");
        }
        long ts;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            ts = unit.toMillis(node.asLong());
        } else if (node.isTextual()) {
            String text = node.asText();
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            if (!text.isEmpty() && isEpoch(text)) {
                try {
                    ts = unit.toMillis(NumberText.parseLong(b, 0, b.length));
                } catch (NumberFormatException e) {
                    throw new BadRecordException("timestamp-out-of-range", "timestamp " + PointParser.abbreviate(text)
                            + " is beyond a 64-bit epoch");
                }
            } else {
                ts = PointParser.parseInstant(text);
            }
        } else {
            throw new BadRecordException("bad-timestamp", "field 'timestamp' must be ISO-8601 text or epoch "
                    + unit.label() + ", was " + node.getNodeType());
        }
        return checks.timestamp(ts);
    }

    private static boolean isEpoch(String text) {
        for (int i = text.charAt(0) == '-' && text.length() > 1 ? 1 : 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private double value(JsonNode node) throws BadRecordException {
        if (node == null || node.isNull()) {
            throw new BadRecordException("missing-value", "field 'value' is missing");
        }
        double v;
        if (node.isNumber()) {
            v = node.asDouble();
        } else if (node.isTextual()) {
            String text = node.asText().trim();
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            if (NumberText.isNonFinite(b, 0, b.length)) {
                throw new BadRecordException("non-finite-value", "field 'value' is " + PointParser.abbreviate(text));
            }
            v = NumberText.parse(b, 0, b.length);
            if (Double.isNaN(v)) {
                throw new BadRecordException("bad-value", "field 'value' is text that is not a number: '"
                        + PointParser.abbreviate(text) + "'");
            }
        } else {
            throw new BadRecordException("bad-value", "field 'value' must be a number or numeric text, was " + node.getNodeType());
        }
        return checks.value(v, "value");
    }
}
