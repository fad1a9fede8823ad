package io.surprisal.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code input.format: influx}: InfluxDB line protocol as Telegraf's Kafka output writes it,
 * {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]}, one or more lines per
 * record (blank lines and {@code #} comments are skipped).
 *
 * <p>Every numeric field of a line is a point of the series
 * {@code measurement,tag1=v1,tag2=v2/field}: tags sorted by key, names kept escaped as written (so
 * {@code my\ host} stays {@code my\ host} and an id can always be read back as line protocol).
 * Integers ({@code 42i}), unsigned integers ({@code 42u}), floats and booleans ({@code t}, {@code true},
 * {@code F}...: 1 and 0) are scored; string fields are skipped, since there is nothing to score in
 * them (a line with only string fields is dead-lettered as missing-value, never dropped). The
 * timestamp is an integer in {@code input.precision} (ns by default); a line without one takes
 * the Kafka record's timestamp.
 *
 * <p>A line is scored whole or dead-lettered whole ({@code malformed-line}, or the reason of the
 * check it failed): a line with one bad field sends no point, so re-sending a dead letter after a
 * fix never duplicates half a line. The scan works on the record's bytes in place, with scratch
 * arrays reused from record to record: a point allocates its series id and the point itself.
 */
final class InfluxLineParser extends LineRecordParser {
    static final String MALFORMED_LINE = "malformed-line";

    private final PointChecks checks;
    private final TimestampUnit precision;

    // Scratch for one line, reused: where its tags and fields are in the record, and the id under construction.
    private int[] tagFrom = new int[8];   // key start
    private int[] tagEq = new int[8];     // the '=' between key and value
    private int[] tagTo = new int[8];     // value end
    private int tags;
    private int[] fieldFrom = new int[8]; // key start
    private int[] fieldTo = new int[8];   // key end (the '=')
    private double[] fieldValue = new double[8];
    private int fields;
    private byte[] id = new byte[PointParser.MAX_SERIES_LENGTH * 2];

    InfluxLineParser(TopologySpec.Input input, PointChecks checks) {
        this.checks = checks;
        this.precision = input.precision == null ? TimestampUnit.NS : TimestampUnit.of("input.precision", input.precision);
    }

    @Override
    boolean hasComments() {
        return true;
    }

    @Override
    int line(byte[] v, int start, int p, long recordTs, ParseOutput out) throws BadRecordException {
        int n = v.length;
        int measurementFrom = p;
        p = name(v, p, false);
        if (p == measurementFrom) {
            throw malformed("the line has no measurement");
        }
        int measurementTo = p;
        tags = 0;
        while (p < n && v[p] == ',') {
            int keyFrom = ++p;
            p = name(v, p, true);
            if (p == keyFrom || p == n || v[p] != '=') {
                throw malformed("a tag must be key=value");
            }
            int eq = p++;
            p = name(v, p, true);
            if (p == eq + 1 || (p < n && v[p] == '=')) {
                throw malformed("a tag must be key=value with a value and no unescaped '='");
            }
            addTag(keyFrom, eq, p);
        }
        if (p == n || v[p] != ' ') {
            throw malformed("no fields: expected a space and field=value after the measurement and tags");
        }
        while (p < n && v[p] == ' ') {
            p++;
        }
        fields = 0;
        while (true) {
            int keyFrom = p;
            p = name(v, p, true);
            if (p == keyFrom || p == n || v[p] != '=') {
                throw malformed("a field must be key=value");
            }
            int keyTo = p++;
            if (p < n && v[p] == '"') {
                p = skipString(v, p + 1, keyFrom, keyTo);
            } else {
                int valueFrom = p;
                while (p < n && v[p] != ' ' && v[p] != ',' && v[p] != '\n' && v[p] != '\r') {
                    p++;
                }
                addField(keyFrom, keyTo, fieldValue(v, valueFrom, p, keyFrom, keyTo));
            }
            if (p < n && v[p] == ',') {
                p++;
            } else {
                break;
            }
        }
        long ts = Long.MIN_VALUE;
        boolean timed = false;
        while (p < n && v[p] == ' ') {
            p++;
        }
        if (p < n && v[p] != '\n' && v[p] != '\r') {
            int tsFrom = p;
            while (p < n && v[p] != ' ' && v[p] != '\n' && v[p] != '\r') {
                p++;
            }
            try {
                ts = NumberText.parseLong(v, tsFrom, p);
                timed = true;
            } catch (NumberFormatException e) {
                throw new BadRecordException("bad-timestamp", "timestamp '" + text(v, tsFrom, p)
                        + "' is not an integer (" + precision.label() + " since the epoch)");
            }
            while (p < n && v[p] == ' ') {
                p++;
            }
        }
        int end = endAt(v, p);
        if (end < 0) {
            throw malformed("unexpected text after the " + (timed ? "timestamp" : "fields"));
        }
        if (!Utf8.valid(v, start, end)) {
            throw new BadRecordException("invalid-utf8", "the line is not valid UTF-8");
        }
        if (fields == 0) {
            throw new BadRecordException("missing-value", "the line has only string fields: nothing to score");
        }
        long ms = timed ? checks.timestamp(precision.toMillis(ts)) : PointParser.recordTimestamp(recordTs, checks);
        emit(v, measurementFrom, measurementTo, ms, out);
        return end;
    }

    /** One point per numeric field, under {@code measurement,sorted tags/field}. */
    private void emit(byte[] v, int measurementFrom, int measurementTo, long ms, ParseOutput out) throws BadRecordException {
        int length = measurementTo - measurementFrom;
        for (int t = 0; t < tags; t++) {
            length += 1 + tagTo[t] - tagFrom[t];
        }
        // A UTF-8 byte is at most one char and three bytes at least one: past three bytes a char, too long for sure.
        if (length > 3 * PointParser.MAX_SERIES_LENGTH) {
            throw PointChecks.badSeries();
        }
        sortTags(v);
        int n = put(0, v, measurementFrom, measurementTo);
        for (int t = 0; t < tags; t++) {
            n = put(n, (byte) ',');
            n = put(n, v, tagFrom[t], tagTo[t]);
        }
        for (int f = 0; f < fields; f++) {
            double value = fieldValue[f];
            if (!checks.acceptable(value)) {
                checks.value(value, text(v, fieldFrom[f], fieldTo[f]));
            }
            int m = put(n, (byte) '/');
            m = put(m, v, fieldFrom[f], fieldTo[f]);
            String series = checks.series(new String(id, 0, m, StandardCharsets.UTF_8));
            out.add(new PointParser.ParsedPoint(series, ms, value));
        }
    }

    /** Tags by key bytes (insertion sort: a line has a handful); two tags with one key are malformed. */
    private void sortTags(byte[] v) throws BadRecordException {
        for (int i = 1; i < tags; i++) {
            int from = tagFrom[i];
            int eq = tagEq[i];
            int to = tagTo[i];
            int j = i - 1;
            while (j >= 0 && compare(v, tagFrom[j], tagEq[j], from, eq) > 0) {
                tagFrom[j + 1] = tagFrom[j];
                tagEq[j + 1] = tagEq[j];
                tagTo[j + 1] = tagTo[j];
                j--;
            }
            tagFrom[j + 1] = from;
            tagEq[j + 1] = eq;
            tagTo[j + 1] = to;
        }
        for (int i = 1; i < tags; i++) {
            if (compare(v, tagFrom[i - 1], tagEq[i - 1], tagFrom[i], tagEq[i]) == 0) {
                throw malformed("tag '" + text(v, tagFrom[i], tagEq[i]) + "' appears twice");
            }
        }
    }

    private static int compare(byte[] v, int aFrom, int aTo, int bFrom, int bTo) {
        return Arrays.compareUnsigned(v, aFrom, aTo, v, bFrom, bTo);
    }

    /**
     * The end of a measurement, tag key or value, or field key starting at {@code p}: the first
     * unescaped comma, space or newline (or '=' for keys and tag values). A backslash escapes the
     * next character; both stay in the name.
     */
    private static int name(byte[] v, int p, boolean stopAtEquals) {
        int n = v.length;
        while (p < n) {
            byte c = v[p];
            if (c == '\\' && p + 1 < n && v[p + 1] != '\n') {
                p += 2;
            } else if (c == ',' || c == ' ' || c == '\n' || (stopAtEquals && c == '=')) {
                return p;
            } else {
                p++;
            }
        }
        return p;
    }

    /** Past a double-quoted string field whose body starts at {@code p} ({@code \"} and {@code \\} escaped). */
    private static int skipString(byte[] v, int p, int keyFrom, int keyTo) throws BadRecordException {
        int n = v.length;
        while (p < n) {
            byte c = v[p];
            if (c == '\\' && p + 1 < n) {
                p += 2;
            } else if (c == '"') {
                return p + 1;
            } else {
                p++;
            }
        }
        throw malformed("string field '" + text(v, keyFrom, keyTo) + "' has no closing quote");
    }

    private static double fieldValue(byte[] v, int from, int to, int keyFrom, int keyTo) throws BadRecordException {
        if (from == to) {
            throw malformed("field '" + text(v, keyFrom, keyTo) + "' has no value");
        }
        byte last = v[to - 1];
        if (last == 'i') {
            try {
                return NumberText.parseLong(v, from, to - 1);
            } catch (NumberFormatException e) {
                throw malformed("field '" + text(v, keyFrom, keyTo) + "' = '" + text(v, from, to) + "' is not a 64-bit integer");
            }
        }
        if (last == 'u') {
            double u = NumberText.parseUnsigned(v, from, to - 1);
            if (Double.isNaN(u)) {
                throw malformed("field '" + text(v, keyFrom, keyTo) + "' = '" + text(v, from, to) + "' is not an unsigned 64-bit integer");
            }
            return u;
        }
        int len = to - from;
        if (len <= 5) {
            if (isWord(v, from, to, TRUE)) {
                return 1;
            }
            if (isWord(v, from, to, FALSE)) {
                return 0;
            }
        }
        double d = NumberText.parse(v, from, to);
        if (Double.isNaN(d)) {
            if (NumberText.isNonFinite(v, from, to)) {
                throw new BadRecordException("non-finite-value", "field '" + text(v, keyFrom, keyTo) + "' is " + text(v, from, to));
            }
            throw malformed("field '" + text(v, keyFrom, keyTo) + "' = '" + text(v, from, to)
                    + "' is not a number, an integer (42i), an unsigned (42u), a boolean or a quoted string");
        }
        return d;
    }

    // Constants, not varargs: a varargs call allocates its array for every numeric field.
    private static final String[] TRUE = {"t", "T", "true", "True", "TRUE"};
    private static final String[] FALSE = {"f", "F", "false", "False", "FALSE"};

    private static boolean isWord(byte[] v, int from, int to, String[] words) {
        for (String w : words) {
            if (w.length() == to - from) {
                int i = 0;
                while (i < w.length() && v[from + i] == w.charAt(i)) {
                    i++;
                }
                if (i == w.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    private void addTag(int from, int eq, int to) {
        if (tags == tagFrom.length) {
            tagFrom = Arrays.copyOf(tagFrom, tags * 2);
            tagEq = Arrays.copyOf(tagEq, tags * 2);
            tagTo = Arrays.copyOf(tagTo, tags * 2);
        }
        tagFrom[tags] = from;
        tagEq[tags] = eq;
        tagTo[tags] = to;
        tags++;
    }

    private void addField(int from, int to, double value) {
        if (fields == fieldFrom.length) {
            fieldFrom = Arrays.copyOf(fieldFrom, fields * 2);
            fieldTo = Arrays.copyOf(fieldTo, fields * 2);
            fieldValue = Arrays.copyOf(fieldValue, fields * 2);
        }
        fieldFrom[fields] = from;
        fieldTo[fields] = to;
        fieldValue[fields] = value;
        fields++;
    }

    private int put(int at, byte b) {
        if (at == id.length) {
            id = Arrays.copyOf(id, id.length * 2);
        }
        id[at] = b;
        return at + 1;
    }

    private int put(int at, byte[] v, int from, int to) {
        int len = to - from;
        if (at + len > id.length) {
            id = Arrays.copyOf(id, Math.max(id.length * 2, at + len));
        }
        System.arraycopy(v, from, id, at, len);
        return at + len;
    }

    private static String text(byte[] v, int from, int to) {
        return PointParser.abbreviate(new String(v, from, to - from, StandardCharsets.UTF_8));
    }

    private static BadRecordException malformed(String message) {
        return new BadRecordException(MALFORMED_LINE, message);
    }
}
