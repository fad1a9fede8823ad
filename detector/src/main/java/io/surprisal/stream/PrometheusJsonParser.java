package io.surprisal.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

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
 *
 * <p>The record is read with Jackson's streaming parser, not as a tree: the whole document is read
 * first (so a malformed one is malformed-json whatever else is wrong with it, as in the json format),
 * collecting the four fields into scratch reused from record to record; the checks come after, in
 * a fixed order. A sample allocates its label values, its series id and the point.
 */
final class PrometheusJsonParser implements RecordParser {
    private static final String NAME_LABEL = "__name__";

    private final TopologySpec.Input input;
    private final PointChecks checks;
    private final TimestampUnit unit;
    private final StringBuilder id = new StringBuilder(128);

    // What the document held, reset for every record.
    private JsonToken nameToken;
    private String name;
    private JsonToken labelsToken;
    private String nameLabel;
    private JsonToken nameLabelToken;
    private String badLabel;
    private JsonToken badLabelToken;
    private String[] labelNames = new String[8];
    private String[] labelValues = new String[8];
    private int labels;
    private JsonToken tsToken;
    private boolean tsIsLong;
    private long tsLong;
    private char[] tsText = new char[40];
    private int tsLength;
    private JsonToken valueToken;
    private double valueNumber;
    private String valueText;

    PrometheusJsonParser(TopologySpec.Input input, PointChecks checks) {
        this.input = input;
        this.checks = checks;
        this.unit = input.timestampUnit == null ? TimestampUnit.MS : TimestampUnit.of("input.timestampUnit", input.timestampUnit);
    }

    @Override
    public void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException {
        try {
            read(value);
            String series = series();
            out.keyMatched(PointParser.keyMatches(key, series, input));
            long ts = timestamp();
            out.add(new PointParser.ParsedPoint(series, ts, value()));
        } finally {
            Arrays.fill(labelNames, 0, labels, null); // no record's strings outlive it
            Arrays.fill(labelValues, 0, labels, null);
        }
    }

    private void read(byte[] value) throws BadRecordException {
        nameToken = labelsToken = nameLabelToken = badLabelToken = tsToken = valueToken = null;
        name = nameLabel = badLabel = valueText = null;
        labels = 0;
        try (JsonParser p = JsonRecordParser.JSON.createParser(value)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new BadRecordException("malformed-json", "record holds no JSON value");
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                end(p);
                throw new BadRecordException("not-an-object", "record is a JSON " + type(t).toLowerCase(java.util.Locale.ROOT)
                        + ", an object is expected");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                t = p.nextToken();
                switch (field) {
                    case "name" -> {
                        nameToken = t;
                        name = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    }
                    case "labels" -> readLabels(p, t);
                    case "timestamp" -> readTimestamp(p, t);
                    case "value" -> {
                        valueToken = t;
                        if (t == JsonToken.VALUE_STRING) {
                            valueText = p.getText();
                        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                            valueNumber = p.getDoubleValue();
                        }
                    }
                    default -> {
                    }
                }
                p.skipChildren(); // an object or array nobody reads (a no-op after a scalar)
            }
            end(p);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            String reason = msg.contains("UTF-8") || msg.contains("UTF8") ? "invalid-utf8" : "malformed-json";
            throw new BadRecordException(reason, PointParser.firstLine(msg));
        }
    }

    /** Two JSON documents in one record (a producer that concatenated) must not lose the second silently. */
    private static void end(JsonParser p) throws IOException, BadRecordException {
        if (p.nextToken() != null) {
            throw new BadRecordException("malformed-json", "more than one JSON value in the record");
        }
    }

    private void readLabels(JsonParser p, JsonToken t) throws IOException {
        labelsToken = t;
        if (t != JsonToken.START_OBJECT) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String label = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                if (badLabel == null) {
                    badLabel = label;
                    badLabelToken = v;
                }
                p.skipChildren();
            } else if (label.equals(NAME_LABEL)) {
                nameLabel = p.getText();
                nameLabelToken = v;
            } else {
                if (labels == labelNames.length) {
                    labelNames = Arrays.copyOf(labelNames, labels * 2);
                    labelValues = Arrays.copyOf(labelValues, labels * 2);
                }
                labelNames[labels] = label;
                labelValues[labels] = p.getText();
                labels++;
            }
        }
    }

    private void readTimestamp(JsonParser p, JsonToken t) throws IOException {
        tsToken = t;
        tsIsLong = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        if (tsIsLong) {
            tsLong = p.getLongValue();
        } else if (t == JsonToken.VALUE_STRING) {
            tsLength = p.getTextLength();
            if (tsLength > tsText.length) {
                tsText = new char[tsLength];
            }
            System.arraycopy(p.getTextCharacters(), p.getTextOffset(), tsText, 0, tsLength);
        }
    }

    private String series() throws BadRecordException {
        if (labelsToken != null && labelsToken != JsonToken.VALUE_NULL && labelsToken != JsonToken.START_OBJECT) {
            throw new BadRecordException("bad-series", "field 'labels' must be an object, was " + type(labelsToken));
        }
        JsonToken nt = nameToken;
        String n = name;
        if (nt == null || nt == JsonToken.VALUE_NULL) {
            nt = nameLabelToken;
            n = nameLabel;
        }
        if (nt == null || nt == JsonToken.VALUE_NULL) {
            throw new BadRecordException("missing-series", "field 'name' is missing (and labels.__name__ too)");
        }
        if (nt != JsonToken.VALUE_STRING || n.isEmpty()) {
            throw new BadRecordException("bad-series", "field 'name' must be non-empty text, was " + type(nt));
        }
        if (badLabel != null) {
            throw new BadRecordException("bad-series", "label '" + PointParser.abbreviate(badLabel) + "' must be text, was "
                    + type(badLabelToken));
        }
        // Escaping only lengthens an id: past the limit before it, it is bad-series without sorting anything.
        long shortest = n.length();
        for (int i = 0; i < labels; i++) {
            shortest += labelNames[i].length() + labelValues[i].length() + 4;
        }
        if (shortest > PointParser.MAX_SERIES_LENGTH) {
            throw PointChecks.badSeries();
        }
        PromSeriesIds.write(id, n, labelNames, labelValues, labels);
        return checks.series(id.toString());
    }

    private long timestamp() throws BadRecordException {
        if (tsToken == null || tsToken == JsonToken.VALUE_NULL) {
            throw new BadRecordException("missing-timestamp", "field 'timestamp' is missing");
        }
        long ts;
        if (tsIsLong) {
            ts = unit.toMillis(tsLong);
        } else if (tsToken == JsonToken.VALUE_STRING) {
            if (isEpoch(tsText, tsLength)) {
                ts = unit.toMillis(epoch(tsText, tsLength));
            } else {
                ts = IsoInstant.millis(tsText, 0, tsLength);
            }
        } else {
            throw new BadRecordException("bad-timestamp", "field 'timestamp' must be ISO-8601 text or epoch "
                    + unit.label() + ", was " + type(tsToken));
        }
        return checks.timestamp(ts);
    }

    private static boolean isEpoch(char[] c, int n) {
        int from = n > 1 && c[0] == '-' ? 1 : 0;
        if (n == from) {
            return false;
        }
        for (int i = from; i < n; i++) {
            if (c[i] < '0' || c[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static long epoch(char[] c, int n) throws BadRecordException {
        boolean negative = c[0] == '-';
        long v = 0;
        for (int i = negative ? 1 : 0; i < n; i++) {
            int d = c[i] - '0';
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw new BadRecordException("timestamp-out-of-range", "timestamp "
                        + PointParser.abbreviate(new String(c, 0, n)) + " is beyond a 64-bit epoch");
            }
            v = v * 10 - d; // negatively: Long.MIN_VALUE has no positive twin
        }
        if (!negative && v == Long.MIN_VALUE) {
            throw new BadRecordException("timestamp-out-of-range", "timestamp " + new String(c, 0, n) + " is beyond a 64-bit epoch");
        }
        return negative ? v : -v;
    }

    private double value() throws BadRecordException {
        if (valueToken == null || valueToken == JsonToken.VALUE_NULL) {
            throw new BadRecordException("missing-value", "field 'value' is missing");
        }
        double v;
        if (valueToken == JsonToken.VALUE_NUMBER_INT || valueToken == JsonToken.VALUE_NUMBER_FLOAT) {
            v = valueNumber;
        } else if (valueToken == JsonToken.VALUE_STRING) {
            String text = valueText.trim();
            if (isNonFinite(text)) {
                throw new BadRecordException("non-finite-value", "field 'value' is " + PointParser.abbreviate(text));
            }
            v = decimal(text);
            if (Double.isNaN(v)) {
                throw new BadRecordException("bad-value", "field 'value' is text that is not a number: '"
                        + PointParser.abbreviate(text) + "'");
            }
        } else {
            throw new BadRecordException("bad-value", "field 'value' must be a number or numeric text, was " + type(valueToken));
        }
        return checks.value(v, "value");
    }

    private static boolean isNonFinite(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** The decimal number in {@code s} (ASCII digits, sign, point, exponent), or NaN. */
    private double decimal(String s) {
        int n = s.length();
        if (n > 64) {
            return Double.NaN;
        }
        byte[] b = digits;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return Double.NaN;
            }
            b[i] = (byte) c;
        }
        return NumberText.parse(b, 0, n);
    }

    private final byte[] digits = new byte[64];

    /** The JSON type a token starts, as the json format's messages name it. */
    private static String type(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "OBJECT";
            case START_ARRAY -> "ARRAY";
            case VALUE_STRING -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            case VALUE_NULL -> "NULL";
            default -> t.name();
        };
    }
}
