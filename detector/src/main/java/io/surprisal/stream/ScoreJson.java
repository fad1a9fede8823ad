package io.surprisal.stream;

import io.surprisal.score.ScoreRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Writes the score record contract by hand into a reused byte buffer: a general-purpose JSON mapper
 * costs more per record than the recurrent step it reports on.
 * <pre>{"series","ts","value","expected","lower","upper","surprisal","score","anomaly","warmup","model"}</pre>
 * then {@code "muted":true} only for a point a control's mute kept from being flagged, and the tags, if any.
 *
 * <p>Numbers are the shortest decimal that reads back as the same double ({@link ShortestDecimal}, Schubfach
 * written straight into the buffer: the digits Jackson's NumberOutput gives, without a String per number; the JDK 17
 * {@code Double.toString} sometimes prints a digit more and costs twice the time), in {@code Double.toString}'s
 * format; a non-finite number is {@code null}.
 * {@code ts} is {@code Instant.toString()} of the point's timestamp, written from a per-day cache.
 * Not thread-safe: one per processor.
 */
public final class ScoreJson extends ReusedBuffer implements ScoreWriter {
    private static final long MS_PER_DAY = 86_400_000L;
    /** 9999-12-31T23:59:59.999Z: beyond it ISO-8601 needs a sign and more year digits. */
    private static final long FAST_TS_LIMIT = 253_402_300_799_999L;

    private static final byte[] SERIES = ascii("{\"series\":");
    private static final byte[] TS = ascii(",\"ts\":\"");
    private static final byte[] VALUE = ascii("\",\"value\":");
    private static final byte[] POINT_TS = ascii(",\"ts\":");
    private static final byte[] POINT_VALUE = ascii(",\"value\":");
    private static final byte[] EXPECTED = ascii(",\"expected\":");
    private static final byte[] LOWER = ascii(",\"lower\":");
    private static final byte[] UPPER = ascii(",\"upper\":");
    private static final byte[] SURPRISAL = ascii(",\"surprisal\":");
    private static final byte[] SCORE = ascii(",\"score\":");
    private static final byte[] ANOMALY = ascii(",\"anomaly\":");
    private static final byte[] WARMUP = ascii(",\"warmup\":");
    private static final byte[] MODEL = ascii(",\"model\":");
    private static final byte[] TAGS = ascii(",\"tags\":{");
    private static final byte[] MUTED = ascii(",\"muted\":true");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private long day = Long.MIN_VALUE;
    private final byte[] dayPrefix = new byte[11]; // yyyy-MM-ddT
    private String model;
    private byte[] modelJson;

    public ScoreJson() {
        super(512);
    }

    public byte[] write(String series, ScoreRecord r) {
        return write(series, r, java.util.List.of(), java.util.List.of());
    }

    /**
     * The score with the point's tags ({@code input.tags}) as a last field, {@code "tags":{"NAME":"VALUE",...}},
     * names from {@code names}, values from {@code values} in the same order, a null value left out; no field
     * at all when {@code values} is empty.
     */
    public byte[] write(String series, ScoreRecord r, java.util.List<String> names, java.util.List<String> values) {
        return write(series, r, names, values, false);
    }

    /**
     * As above; with {@code muted}, {@code "muted":true} after {@code model} (before any tags): a control's mute
     * kept this point from being flagged. Unmuted scores have no such field, as before controls.
     */
    @Override
    public byte[] write(String series, ScoreRecord r, java.util.List<String> names, java.util.List<String> values, boolean muted) {
        len = 0;
        append(SERIES);
        quote(series);
        append(TS);
        timestamp(r.ts);
        append(VALUE);
        number(r.value);
        append(EXPECTED);
        number(r.expected);
        append(LOWER);
        number(r.lower);
        append(UPPER);
        number(r.upper);
        append(SURPRISAL);
        number(r.surprisal);
        append(SCORE);
        number(r.score);
        append(ANOMALY);
        append(r.anomaly ? TRUE : FALSE);
        append(WARMUP);
        append(r.warmup ? TRUE : FALSE);
        append(MODEL);
        if (r.model != model) { // the model changes rarely: keep its quoted bytes
            model = r.model;
            int start = len;
            quote(r.model);
            modelJson = Arrays.copyOfRange(buf, start, len);
        } else {
            append(modelJson);
        }
        if (muted) {
            append(MUTED);
        }
        if (!values.isEmpty()) {
            tags(names, values);
        }
        ensure(1);
        buf[len++] = '}';
        return copy();
    }

    private void tags(java.util.List<String> names, java.util.List<String> values) {
        append(TAGS);
        boolean first = true;
        for (int i = 0; i < values.size() && i < names.size(); i++) {
            if (values.get(i) == null) {
                continue;
            }
            if (!first) {
                ensure(1);
                buf[len++] = ',';
            }
            first = false;
            quote(names.get(i));
            ensure(1);
            buf[len++] = ':';
            quote(values.get(i));
        }
        ensure(1);
        buf[len++] = '}';
    }

    /**
     * The point as parsed, {@code {"series","ts","value"}} with {@code ts} in epoch milliseconds: the body of
     * a detect-stage dead letter. Same escaping as the score, so any series id gives valid JSON.
     */
    public byte[] writePoint(String series, long ts, double value) {
        len = 0;
        append(SERIES);
        quote(series);
        append(POINT_TS);
        String t = Long.toString(ts);
        ensure(t.length());
        for (int i = 0; i < t.length(); i++) {
            buf[len++] = (byte) t.charAt(i);
        }
        append(POINT_VALUE);
        number(value);
        ensure(1);
        buf[len++] = '}';
        return copy();
    }

    private void number(double v) {
        if (!Double.isFinite(v)) {
            append(NULL);
            return;
        }
        ensure(ShortestDecimal.MAX_CHARS);
        len = ShortestDecimal.write(v, buf, len);
    }

    /** Exactly {@code Instant.ofEpochMilli(ms).toString()}. */
    private void timestamp(long ms) {
        if (ms < 0 || ms > FAST_TS_LIMIT) {
            byte[] text = Instant.ofEpochMilli(ms).toString().getBytes(StandardCharsets.US_ASCII);
            append(text);
            return;
        }
        long d = ms / MS_PER_DAY;
        if (d != day) {
            day = d;
            LocalDate date = LocalDate.ofEpochDay(d);
            int y = date.getYear();
            dayPrefix[0] = digit(y / 1000);
            dayPrefix[1] = digit(y / 100 % 10);
            dayPrefix[2] = digit(y / 10 % 10);
            dayPrefix[3] = digit(y % 10);
            dayPrefix[4] = '-';
            dayPrefix[5] = digit(date.getMonthValue() / 10);
            dayPrefix[6] = digit(date.getMonthValue() % 10);
            dayPrefix[7] = '-';
            dayPrefix[8] = digit(date.getDayOfMonth() / 10);
            dayPrefix[9] = digit(date.getDayOfMonth() % 10);
            dayPrefix[10] = 'T';
        }
        append(dayPrefix);
        int inDay = (int) (ms - d * MS_PER_DAY);
        int millis = inDay % 1000;
        int secs = inDay / 1000;
        ensure(13);
        two(secs / 3600);
        buf[len++] = ':';
        two(secs / 60 % 60);
        buf[len++] = ':';
        two(secs % 60);
        if (millis != 0) {
            buf[len++] = '.';
            buf[len++] = digit(millis / 100);
            buf[len++] = digit(millis / 10 % 10);
            buf[len++] = digit(millis % 10);
        }
        buf[len++] = 'Z';
    }

    private void two(int v) {
        buf[len++] = digit(v / 10);
        buf[len++] = digit(v % 10);
    }

    private static byte digit(int d) {
        return (byte) ('0' + d);
    }

    private void quote(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                buf[len++] = (byte) c;
            } else {
                special(s, i, c);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                }
            }
        }
        ensure(1);
        buf[len++] = '"';
    }

    private void special(String s, int i, char c) {
        switch (c) {
            case '"' -> append2('\\', '"');
            case '\\' -> append2('\\', '\\');
            case '\n' -> append2('\\', 'n');
            case '\r' -> append2('\\', 'r');
            case '\t' -> append2('\\', 't');
            default -> {
                if (c < 0x20) {
                    ensure(6);
                    buf[len++] = '\\';
                    buf[len++] = 'u';
                    buf[len++] = '0';
                    buf[len++] = '0';
                    buf[len++] = HEX[c >> 4];
                    buf[len++] = HEX[c & 0xf];
                } else {
                    int end = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? i + 2 : i + 1;
                    append(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void append2(char a, char b) {
        ensure(2);
        buf[len++] = (byte) a;
        buf[len++] = (byte) b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
