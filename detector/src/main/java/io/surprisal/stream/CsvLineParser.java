package io.surprisal.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code input.format: csv}: one point per line, {@code series,ts,value} or the order
 * {@code input.columns} names ({@code [ts, series, value]}; {@code _} for a column to ignore; without
 * a {@code ts} column the Kafka record's timestamp is the point's). Several lines per record; quoting
 * per RFC 4180 (a quoted cell may hold commas, doubled quotes and line breaks; CRLF or LF). A line
 * whose cells are the column names (any case) is a header and is skipped, wherever it is: a producer
 * that streams a file sends it once, one that batches may repeat it. The timestamp is ISO-8601 or a
 * numeric epoch in {@code input.timestampUnit} (ms by default); the value a decimal number.
 */
final class CsvLineParser extends LineRecordParser {
    static final String SERIES = "series";
    static final String TS = "ts";
    static final String VALUE = "value";
    static final String IGNORED = "_";
    static final List<String> DEFAULT_COLUMNS = List.of(SERIES, TS, VALUE);

    private final PointChecks checks;
    private final TimestampUnit unit;
    private final List<String> columns;
    private final int seriesColumn;
    private final int tsColumn;
    private final int valueColumn;

    // Scratch for one line, reused: where its cells are, and an unquoted series id.
    private final int[] cellFrom;
    private final int[] cellTo;
    private final boolean[] quoted;
    private byte[] text = new byte[PointParser.MAX_SERIES_LENGTH * 2];
    private final char[] chars = new char[40]; // an ISO-8601 timestamp, for IsoInstant

    CsvLineParser(TopologySpec.Input input, PointChecks checks) {
        this.checks = checks;
        this.unit = input.timestampUnit == null ? TimestampUnit.MS : TimestampUnit.of("input.timestampUnit", input.timestampUnit);
        this.columns = columns(input);
        this.seriesColumn = columns.indexOf(SERIES);
        this.tsColumn = columns.indexOf(TS);
        this.valueColumn = columns.indexOf(VALUE);
        this.cellFrom = new int[columns.size()];
        this.cellTo = new int[columns.size()];
        this.quoted = new boolean[columns.size()];
    }

    /** The columns a spec names, or a start-up error naming the key and what it takes. */
    static List<String> columns(TopologySpec.Input input) {
        List<String> columns = input.columns.isEmpty() ? DEFAULT_COLUMNS : input.columns;
        for (String c : columns) {
            if (!List.of(SERIES, TS, VALUE, IGNORED).contains(c)) {
                throw new IllegalArgumentException("input.columns takes series, ts, value and _ (a column to ignore), was " + columns);
            }
        }
        for (String c : List.of(SERIES, TS, VALUE)) {
            if (columns.indexOf(c) != columns.lastIndexOf(c)) {
                throw new IllegalArgumentException("input.columns names " + c + " twice: " + columns);
            }
        }
        if (!columns.contains(SERIES) || !columns.contains(VALUE)) {
            throw new IllegalArgumentException("input.columns must name series and value (and ts, or the Kafka timestamp is used), was " + columns);
        }
        return columns;
    }

    @Override
    boolean hasComments() {
        return false; // '#' may start a series id
    }

    @Override
    int line(byte[] v, int start, int p, long recordTs, ParseOutput out) throws BadRecordException {
        int n = v.length;
        p = start; // leading spaces belong to the first cell
        int cells = 0;
        int end;
        while (true) {
            if (cells == cellFrom.length) {
                throw malformed("more than the " + columns.size() + " columns " + columns);
            }
            int from = p;
            boolean q = p < n && v[p] == '"';
            if (q) {
                p++;
                while (true) {
                    if (p == n) {
                        throw malformed("a quoted cell has no closing quote");
                    }
                    if (v[p] == '"') {
                        if (p + 1 < n && v[p + 1] == '"') {
                            p += 2; // a doubled quote is one quote
                            continue;
                        }
                        p++;
                        break;
                    }
                    p++;
                }
            } else {
                while (p < n && v[p] != ',' && v[p] != '\n' && !(v[p] == '\r' && endAt(v, p) >= 0)) {
                    if (v[p] == '"') {
                        throw malformed("a quote inside an unquoted cell (RFC 4180: quote the whole cell and double the quote)");
                    }
                    p++;
                }
            }
            cellFrom[cells] = from;
            cellTo[cells] = p;
            quoted[cells] = q;
            cells++;
            if (p < n && v[p] == ',') {
                p++;
                continue;
            }
            end = endAt(v, p);
            if (end < 0) {
                throw malformed("text after a closing quote");
            }
            break;
        }
        if (cells != columns.size()) {
            throw malformed(cells + " columns where " + columns.size() + " are expected " + columns);
        }
        if (!Utf8.valid(v, start, end)) {
            throw new BadRecordException("invalid-utf8", "the line is not valid UTF-8");
        }
        if (isHeader(v)) {
            return end;
        }
        String series = series(v);
        long ts = tsColumn < 0 ? PointParser.recordTimestamp(recordTs, checks) : timestamp(v);
        double value = value(v);
        out.add(new PointParser.ParsedPoint(series, ts, value));
        return end;
    }

    private boolean isHeader(byte[] v) {
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c);
            if (!name.equals(IGNORED) && !NumberText.equalsIgnoreCase(v, from(c), to(c), name)) {
                return false;
            }
        }
        return true;
    }

    private String series(byte[] v) throws BadRecordException {
        int c = seriesColumn;
        if (from(c) == to(c)) {
            throw new BadRecordException("missing-series", "the series cell is empty");
        }
        if (!quoted[c]) {
            return checks.series(new String(v, from(c), to(c) - from(c), StandardCharsets.UTF_8));
        }
        int n = 0;
        for (int i = from(c); i < to(c); i++) {
            if (n == text.length) {
                text = Arrays.copyOf(text, n * 2);
            }
            text[n++] = v[i];
            if (v[i] == '"') {
                i++; // "" inside quotes is one quote
            }
        }
        return checks.series(new String(text, 0, n, StandardCharsets.UTF_8));
    }

    private long timestamp(byte[] v) throws BadRecordException {
        int from = trimFrom(v, from(tsColumn), to(tsColumn));
        int to = trimTo(v, from, to(tsColumn));
        if (from == to) {
            throw new BadRecordException("missing-timestamp", "the ts cell is empty");
        }
        boolean numeric = true;
        for (int i = v[from] == '-' ? from + 1 : from; i < to; i++) {
            numeric &= NumberText.isDigit(v[i]);
        }
        long ts;
        if (numeric && to - from > (v[from] == '-' ? 1 : 0)) {
            try {
                ts = unit.toMillis(NumberText.parseLong(v, from, to));
            } catch (NumberFormatException e) {
                throw new BadRecordException("timestamp-out-of-range", "timestamp " + text(v, from, to)
                        + " is beyond a 64-bit epoch");
            }
        } else if (isAscii(v, from, to)) {
            ts = IsoInstant.millis(v, from, to, chars);
        } else {
            ts = PointParser.parseInstant(new String(v, from, to - from, StandardCharsets.UTF_8));
        }
        return checks.timestamp(ts);
    }

    private double value(byte[] v) throws BadRecordException {
        int from = trimFrom(v, from(valueColumn), to(valueColumn));
        int to = trimTo(v, from, to(valueColumn));
        if (from == to) {
            throw new BadRecordException("missing-value", "the value cell is empty");
        }
        double d = NumberText.parse(v, from, to);
        if (Double.isNaN(d)) {
            if (NumberText.isNonFinite(v, from, to)) {
                throw new BadRecordException("non-finite-value", "field 'value' is " + text(v, from, to));
            }
            throw new BadRecordException("bad-value", "the value '" + text(v, from, to) + "' is not a number");
        }
        if (!checks.acceptable(d)) {
            checks.value(d, VALUE);
        }
        return d;
    }

    private static boolean isAscii(byte[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (v[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** A cell's content: inside the quotes of a quoted one. */
    private int from(int c) {
        return quoted[c] ? cellFrom[c] + 1 : cellFrom[c];
    }

    private int to(int c) {
        return quoted[c] ? cellTo[c] - 1 : cellTo[c];
    }

    /** Numbers and times may be padded with spaces (a hand-written file); series ids are taken as they are. */
    private static int trimFrom(byte[] v, int from, int to) {
        while (from < to && v[from] == ' ') {
            from++;
        }
        return from;
    }

    private static int trimTo(byte[] v, int from, int to) {
        while (to > from && v[to - 1] == ' ') {
            to--;
        }
        return to;
    }

    private static String text(byte[] v, int from, int to) {
        return PointParser.abbreviate(new String(v, from, to - from, StandardCharsets.UTF_8));
    }

    private static BadRecordException malformed(String message) {
        return new BadRecordException(InfluxLineParser.MALFORMED_LINE, message);
    }
}
