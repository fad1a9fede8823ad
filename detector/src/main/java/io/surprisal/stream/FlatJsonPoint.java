package io.surprisal.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The usual json record read straight from its bytes: one flat object whose keys and text are printable
 * ASCII without escapes and whose values are text, numbers, {@code true}, {@code false} or {@code null},
 * holding the series as text, the timestamp as text or an integer, and the value as a number. Building a
 * tree of such a record cost more than the rest of its parse (1.7 KB and 450 ns a record in ParseBench);
 * this finds the three fields in one pass and allocates nothing but the series id.
 *
 * <p>Anything else answers {@code false} (a nested object or array, an escape, a byte beyond ASCII, a
 * duplicate key, numeric text for the value, a field of another type or missing, trailing text, a number
 * outside JSON's grammar, a record longer than {@value #MAX_BYTES} bytes) and the caller reads the record as
 * a tree, which also says what is wrong with it. So a record is never accepted here that the tree refuses,
 * and no field reads differently: an integer is the double of its exact value, as the tree's integer nodes
 * give it, so {@code -0} is 0 (FlatJsonPointTest compares the two ways on generated records).
 *
 * <p>Not thread-safe: one per parser, its fields hold the last record read.
 */
final class FlatJsonPoint {
    /** Longer records take the tree: far beyond a point's size, and within every limit Jackson's parser sets. */
    static final int MAX_BYTES = 4096;
    private static final int MAX_KEYS = 32;
    /** Longer numbers take the tree, whose parser refuses those beyond a thousand characters. */
    private static final int MAX_NUMBER_CHARS = 100;
    private static final int OTHER = 0;
    private static final int SERIES = 1;
    private static final int TIMESTAMP = 2;
    private static final int VALUE = 3;

    private final byte[] seriesKey;
    /** Null when the timestamp is the Kafka record's. */
    private final byte[] timestampKey;
    private final byte[] valueKey;
    private final int[] keyFrom = new int[MAX_KEYS];
    private final int[] keyTo = new int[MAX_KEYS];
    private final char[] timestampChars = new char[32];

    private byte[] record;
    private int seriesFrom;
    private int seriesTo;
    private int timestampFrom;
    private int timestampTo;
    private boolean timestampIsText;
    private long timestampNumber;
    private double value;

    /**
     * The fast path for a json input whose series, timestamp and value are top-level fields, or null when the input
     * reads more than those (dotted paths, a series template, measurements, tags): such records take the tree.
     */
    static FlatJsonPoint forInput(TopologySpec.Input input, FieldPaths paths) {
        if (input.seriesTemplate != null || !input.measurements.isEmpty() || paths.tags().length > 0
                || paths.series().length != 1 || paths.value().length != 1
                || (!paths.kafkaTime() && paths.timestamp().length != 1)) {
            return null;
        }
        return new FlatJsonPoint(input.series, paths.kafkaTime() ? null : input.timestamp, input.value);
    }

    FlatJsonPoint(String seriesKey, String timestampKey, String valueKey) {
        this.seriesKey = seriesKey.getBytes(StandardCharsets.UTF_8);
        this.timestampKey = timestampKey == null ? null : timestampKey.getBytes(StandardCharsets.UTF_8);
        this.valueKey = valueKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code b} is a record this reads; when it is, the accessors below give its fields. */
    boolean read(byte[] b) {
        int n = b.length;
        if (n > MAX_BYTES) {
            return false;
        }
        record = b;
        int i = whitespace(b, 0);
        if (i >= n || b[i] != '{') {
            return false;
        }
        i = whitespace(b, i + 1);
        int keys = 0;
        int seen = 0;
        if (i < n && b[i] == '}') {
            i++;
        } else {
            while (true) {
                if (i >= n || b[i] != '"' || keys == MAX_KEYS) {
                    return false;
                }
                int from = i + 1;
                int to = textEnd(b, from);
                if (to < 0 || repeats(b, from, to, keys)) {
                    return false;
                }
                keyFrom[keys] = from;
                keyTo[keys] = to;
                keys++;
                int field = field(b, from, to);
                i = whitespace(b, to + 1);
                if (i >= n || b[i] != ':') {
                    return false;
                }
                i = whitespace(b, i + 1);
                i = field == OTHER ? skipPlainValue(b, i) : readField(b, i, field);
                if (i < 0) {
                    return false;
                }
                seen |= 1 << field;
                i = whitespace(b, i);
                if (i < n && b[i] == ',') {
                    i = whitespace(b, i + 1);
                } else if (i < n && b[i] == '}') {
                    i++;
                    break;
                } else {
                    return false;
                }
            }
        }
        int needed = (1 << SERIES) | (1 << VALUE) | (timestampKey == null ? 0 : 1 << TIMESTAMP);
        return whitespace(b, i) == n && (seen & needed) == needed;
    }

    /** The series id as the record spells it. */
    String series() {
        return new String(record, seriesFrom, seriesTo - seriesFrom, StandardCharsets.ISO_8859_1);
    }

    /** Whether the timestamp is text (ISO-8601) rather than an integer epoch. */
    boolean timestampIsText() {
        return timestampIsText;
    }

    /** The integer epoch, in the input's unit. */
    long timestampNumber() {
        return timestampNumber;
    }

    /** Epoch milliseconds of the timestamp text, read as the tree's text would be. */
    long timestampTextMillis() throws BadRecordException {
        return IsoInstant.millis(record, timestampFrom, timestampTo, timestampChars);
    }

    double value() {
        return value;
    }

    /** Reads one of the three fields' values at {@code i}; the index after it, or -1 when it is not of its type. */
    private int readField(byte[] b, int i, int field) {
        if (i >= b.length) {
            return -1;
        }
        if (b[i] == '"') {
            int to = textEnd(b, i + 1);
            if (to < 0 || field == VALUE) {
                return -1; // a value as text (numeric or not) is the tree's to read and to name
            }
            if (field == SERIES) {
                seriesFrom = i + 1;
                seriesTo = to;
            } else {
                timestampIsText = true;
                timestampFrom = i + 1;
                timestampTo = to;
            }
            return to + 1;
        }
        int end = numberEnd(b, i);
        if (end < 0 || field == SERIES) {
            return -1;
        }
        boolean integral = isIntegral(b, i, end);
        if (field == TIMESTAMP) {
            if (!integral) {
                return -1;
            }
            try {
                timestampNumber = NumberText.parseLong(b, i, end);
            } catch (NumberFormatException beyondALong) {
                return -1;
            }
            timestampIsText = false;
        } else if (integral) {
            try {
                value = NumberText.parseLong(b, i, end); // the tree's integer node: the double of the exact value
            } catch (NumberFormatException beyondALong) {
                return -1;
            }
        } else {
            value = NumberText.parse(b, i, end);
        }
        return end;
    }

    /** Skips a value of a field this does not read: plain text, a number or a literal; -1 for anything else. */
    private static int skipPlainValue(byte[] b, int i) {
        if (i >= b.length) {
            return -1;
        }
        return switch (b[i]) {
            case '"' -> {
                int to = textEnd(b, i + 1);
                yield to < 0 ? -1 : to + 1;
            }
            case 't' -> literal(b, i, "true");
            case 'f' -> literal(b, i, "false");
            case 'n' -> literal(b, i, "null");
            default -> numberEnd(b, i);
        };
    }

    private static int literal(byte[] b, int i, String word) {
        if (i + word.length() > b.length) {
            return -1;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return -1;
            }
        }
        return i + word.length();
    }

    /**
     * The end of the JSON number at {@code i} ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}), or -1 when
     * none starts there. What follows it is the caller's to check.
     */
    private static int numberEnd(byte[] b, int i) {
        int n = b.length;
        int start = i;
        if (i < n && b[i] == '-') {
            i++;
        }
        if (i >= n || !NumberText.isDigit(b[i])) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else {
            i = digits(b, i);
        }
        if (i < n && b[i] == '.') {
            int from = i + 1;
            i = digits(b, from);
            if (i == from) {
                return -1;
            }
        }
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int from = i;
            i = digits(b, from);
            if (i == from) {
                return -1;
            }
        }
        return i - start > MAX_NUMBER_CHARS ? -1 : i;
    }

    private static int digits(byte[] b, int i) {
        while (i < b.length && NumberText.isDigit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isIntegral(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] == '.' || b[k] == 'e' || b[k] == 'E') {
                return false;
            }
        }
        return true;
    }

    /** The index of the quote closing text that starts at {@code from}, or -1 when it holds an escape, a control or a non-ASCII byte. */
    private static int textEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static int whitespace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private boolean repeats(byte[] b, int from, int to, int keys) {
        for (int k = 0; k < keys; k++) {
            if (Arrays.equals(b, keyFrom[k], keyTo[k], b, from, to)) {
                return true;
            }
        }
        return false;
    }

    private int field(byte[] b, int from, int to) {
        if (Arrays.equals(b, from, to, seriesKey, 0, seriesKey.length)) {
            return SERIES;
        }
        if (timestampKey != null && Arrays.equals(b, from, to, timestampKey, 0, timestampKey.length)) {
            return TIMESTAMP;
        }
        return Arrays.equals(b, from, to, valueKey, 0, valueKey.length) ? VALUE : OTHER;
    }
}
