package io.surprisal.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Every kind of input a detector should survive, in the order a producer would send it: good
 * traffic that establishes a few series, the malformed records of every sort between them, and the
 * detect-stage cases (duplicates, late points) right after the points they refer to. Each case
 * names the outcome it must have: {@link #SCORED} or a dead-letter reason.
 */
final class BadInputCorpus {
    static final String SCORED = "scored";

    /**
     * One input record.
     *
     * @param series the series the record belongs to when it has one (its key, so a series stays in one
     *               partition and in order); null for records whose series cannot be read
     */
    record Case(String kind, String series, byte[] key, byte[] value, String expected, String stage) {
        boolean scored() {
            return expected.equals(SCORED);
        }
    }

    private final long t0;
    private final List<Case> cases = new ArrayList<>();

    BadInputCorpus(long t0) {
        this.t0 = t0;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String point(String series, String ts, String value) {
        return "{\"series\":\"" + series + "\",\"ts\":" + ts + ",\"value\":" + value + "}";
    }

    String iso(int minute) {
        return "\"" + Instant.ofEpochMilli(t0 + minute * 60_000L) + "\"";
    }

    private void good(String kind, String series, String json) {
        cases.add(new Case(kind, series, utf8(series), utf8(json), SCORED, null));
    }

    private void bad(String kind, byte[] key, byte[] value, String reason) {
        cases.add(new Case(kind, null, key, value, reason, "parse"));
    }

    private void bad(String kind, String json, String reason) {
        bad(kind, null, json == null ? null : utf8(json), reason);
    }

    private void badAtDetect(String kind, String series, String json, String reason) {
        cases.add(new Case(kind, series, utf8(series), utf8(json), reason, "detect"));
    }

    /** Phase one: good series with every malformed kind between their points. */
    List<Case> build() {
        int seriesCount = 6;
        int points = 30;
        for (int i = 0; i < points; i++) {
            for (int s = 0; s < seriesCount; s++) {
                String id = "plant/s" + s;
                good("good point", id, point(id, iso(i), Double.toString(20 + s + Math.sin(i / 4.0))));
            }
            if (i == 10) {
                malformed();
                wrongTypesAndMissingFields();
                numbersAndTimestamps();
                goodVariants();
            }
            if (i == 20) {
                // Detect stage: a re-send of a series' newest point, and points older than its newest.
                String id = "plant/s0";
                String newest = point(id, iso(i), Double.toString(20 + Math.sin(i / 4.0)));
                badAtDetect("duplicate point (producer retry)", id, newest, "duplicate");
                badAtDetect("duplicate point (producer retry)", id, newest, "duplicate");
                badAtDetect("out-of-order point (older than newest)", id, point(id, iso(i - 1), "21.5"), "late");
                badAtDetect("out-of-order point (older than newest)", id, point(id, iso(0), "21.5"), "late");
                badAtDetect("out-of-order point (older than newest)", "plant/s1",
                        point("plant/s1", "\"" + Instant.ofEpochMilli(t0 + i * 60_000L - 1) + "\"", "22"), "late");
                good("same timestamp, new value", id, point(id, iso(i), "99.5"));
            }
        }
        return cases;
    }

    private void malformed() {
        String ok = point("bad/x", iso(5), "1.5");
        bad("truncated JSON", ok.substring(0, ok.length() / 2), "malformed-json");
        bad("truncated JSON", "{\"series\":\"bad/x", "malformed-json");
        bad("truncated JSON", "{", "malformed-json");
        bad("malformed JSON (unquoted names)", "{series:\"a\",ts:1,value:2}", "malformed-json");
        bad("malformed JSON (single quotes)", "{'series':'a','ts':'x','value':1}", "malformed-json");
        bad("malformed JSON (trailing comma)", ok.substring(0, ok.length() - 1) + ",}", "malformed-json");
        bad("malformed JSON (bad escape)", "{\"series\":\"a\\q\",\"ts\":" + iso(5) + ",\"value\":1}", "malformed-json");
        bad("malformed JSON (raw newline in string)", "{\"series\":\"a\nb\",\"ts\":" + iso(5) + ",\"value\":1}", "malformed-json");
        bad("two JSON documents in one record", ok + ok, "malformed-json");
        bad("duplicate JSON keys", "{\"series\":\"a\",\"series\":\"b\",\"ts\":" + iso(5) + ",\"value\":1}", "malformed-json");
        bad("deeply nested JSON", "{\"series\":\"bad/deep\",\"ts\":" + iso(5) + ",\"value\":1,\"x\":"
                + "[".repeat(5_000) + "]".repeat(5_000) + "}", "malformed-json");
        bad("number with 2000 digits", "{\"series\":\"bad/x\",\"ts\":" + iso(5) + ",\"value\":" + "9".repeat(2_000) + "}", "malformed-json");
        bad("whitespace only", " \n\t ", "malformed-json");
        bad("empty record", "", "empty-record");
        bad("null value (tombstone)", utf8("plant/s0"), null, "null-value");
        bad("JSON null", "null", "not-an-object");
        bad("JSON array", "[" + ok + "]", "not-an-object");
        bad("JSON string", "\"plant/s0 21.5\"", "not-an-object");
        bad("JSON number", "21.5", "not-an-object");
        bad("oversized record", "{\"series\":\"bad/big\",\"ts\":" + iso(5) + ",\"value\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}",
                "oversized-record");
        byte[] prefix = utf8("{\"series\":\"bad/");
        byte[] suffix = utf8("\",\"ts\":" + iso(5) + ",\"value\":1}");
        bad("non-UTF-8 bytes (0xFF)", null, concat(prefix, new byte[]{(byte) 0xFF, (byte) 0xFE}, suffix), "invalid-utf8");
        bad("non-UTF-8 bytes (Latin-1 é)", null, concat(prefix, "temp\u00e9rature".getBytes(StandardCharsets.ISO_8859_1), suffix),
                "invalid-utf8");
        bad("non-UTF-8 bytes (cut multi-byte sequence)", null, concat(prefix, new byte[]{'a', (byte) 0xE2, (byte) 0x82}, suffix),
                "invalid-utf8");
        bad("binary garbage", null, new byte[]{0, 1, 2, (byte) 0x80, (byte) 0xFF, 0x7F, 0x1B}, "malformed-json");
    }

    private void wrongTypesAndMissingFields() {
        bad("missing series", "{\"ts\":" + iso(5) + ",\"value\":1}", "missing-series");
        bad("null key and no series field", null, utf8("{\"ts\":" + iso(5) + ",\"value\":1}"), "missing-series");
        bad("series is null", "{\"series\":null,\"ts\":" + iso(5) + ",\"value\":1}", "missing-series");
        bad("series of wrong type (number)", "{\"series\":42,\"ts\":" + iso(5) + ",\"value\":1}", "bad-series");
        bad("series of wrong type (object)", "{\"series\":{\"id\":\"a\"},\"ts\":" + iso(5) + ",\"value\":1}", "bad-series");
        bad("series empty", point("", iso(5), "1"), "bad-series");
        bad("series blank", point("   ", iso(5), "1"), "bad-series");
        bad("series too long (300 chars)", point("x".repeat(300), iso(5), "1"), "bad-series");
        bad("missing ts", "{\"series\":\"bad/x\",\"value\":1}", "missing-timestamp");
        bad("ts of wrong type (boolean)", point("bad/x", "true", "1"), "bad-timestamp");
        bad("ts of wrong type (object)", point("bad/x", "{\"s\":1}", "1"), "bad-timestamp");
        bad("ts unreadable text", point("bad/x", "\"yesterday at noon\"", "1"), "bad-timestamp");
        bad("ts fractional epoch", point("bad/x", "1.7934912E12", "1"), "bad-timestamp");
        bad("ts integer beyond long", point("bad/x", "1" + "0".repeat(25), "1"), "bad-timestamp");
        bad("missing value", "{\"series\":\"bad/x\",\"ts\":" + iso(5) + "}", "missing-value");
        bad("value is null", point("bad/x", iso(5), "null"), "missing-value");
        bad("value of wrong type (text)", point("bad/x", iso(5), "\"hot\""), "bad-value");
        bad("value of wrong type (boolean)", point("bad/x", iso(5), "false"), "bad-value");
        bad("value of wrong type (object)", point("bad/x", iso(5), "{\"v\":1}"), "bad-value");
        bad("value of wrong type (array)", point("bad/x", iso(5), "[1,2]"), "bad-value");
    }

    private void numbersAndTimestamps() {
        bad("NaN", point("bad/x", iso(5), "NaN"), "non-finite-value");
        bad("NaN as text", point("bad/x", iso(5), "\"NaN\""), "non-finite-value");
        bad("Infinity", point("bad/x", iso(5), "Infinity"), "non-finite-value");
        bad("Infinity", point("bad/x", iso(5), "-Infinity"), "non-finite-value");
        bad("number overflowing double (1e999)", point("bad/x", iso(5), "1e999"), "non-finite-value");
        bad("huge finite number (1e300)", point("bad/x", iso(5), "1e300"), "value-out-of-range");
        bad("huge finite number (1e300)", point("bad/x", iso(5), "-1.7976931348623157E308"), "value-out-of-range");
        bad("timestamp far in the past", point("bad/x", "\"1970-01-01T00:00:00Z\"", "1"), "timestamp-out-of-range");
        bad("timestamp far in the past", point("bad/x", "-86400000", "1"), "timestamp-out-of-range");
        bad("timestamp far in the future", point("bad/x", "\"2999-01-01T00:00:00Z\"", "1"), "timestamp-out-of-range");
        bad("timestamp far in the future", point("bad/x", Long.toString(Long.MAX_VALUE), "1"), "timestamp-out-of-range");
    }

    /** Unusual but valid: each must be scored. One series per case, so order across partitions does not matter. */
    private void goodVariants() {
        good("ts as epoch milliseconds", "ok/epoch", point("ok/epoch", Long.toString(t0 + 5 * 60_000L), "3.25"));
        good("ts with a zone offset", "ok/offset", point("ok/offset",
                "\"" + Instant.ofEpochMilli(t0 + 5 * 60_000L).atOffset(ZoneOffset.ofHours(2)) + "\"", "3.25"));
        good("ts without a zone (UTC)", "ok/nozone", point("ok/nozone",
                "\"" + Instant.ofEpochMilli(t0 + 5 * 60_000L).toString().replace("Z", "") + "\"", "3.25"));
        good("value as numeric text", "ok/text", point("ok/text", iso(5), "\" 71.3 \""));
        good("value as integer", "ok/int", point("ok/int", iso(5), "71"));
        good("value at the limit (1e15)", "ok/limit", point("ok/limit", iso(5), "-1e15"));
        good("extra and nested fields", "ok/extra", "{\"site\":{\"plant\":3},\"series\":\"ok/extra\",\"unit\":\"C\",\"ts\":" + iso(5)
                + ",\"value\":1,\"tags\":[1,2]}");
        good("fields in another order", "ok/order", "{\"value\":2,\"ts\":" + iso(5) + ",\"series\":\"ok/order\"}");
        good("whitespace and newlines", "ok/space", "\n {\n \"series\" : \"ok/space\" ,\n \"ts\" : " + iso(5) + " , \"value\" : 2 }\n");
        cases.add(new Case("null key", "ok/nullkey", null, utf8(point("ok/nullkey", iso(5), "4")), SCORED, null));
        cases.add(new Case("UTF-8 byte order mark", "ok/bom", utf8("ok/bom"),
                concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(point("ok/bom", iso(5), "4"))), SCORED, null));
        good("unicode series id", "ok/température/µ/\uD83D\uDE00", point("ok/température/µ/\uD83D\uDE00", iso(5), "4"));
        good("escaped characters in series id", "ok/\"quoted\"\\back", "{\"series\":\"ok/\\\"quoted\\\"\\\\back\",\"ts\":"
                + iso(5) + ",\"value\":4}");
    }

    /** Phase two: a flood of ids never seen, one point each, all within one minute of record time. */
    static List<Case> flood(int count, String ts) {
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "flood/" + i;
            // The expected outcome depends on the per-task cap; the test decides it.
            out.add(new Case("flood of new series ids", id, utf8(id), utf8(point(id, ts, "1")), "?", "detect"));
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
