package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** InfluxDB line protocol as Telegraf's Kafka output writes it: one behaviour per test. */
class InfluxLineParserTest {
    static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    static final long T = Instant.parse("2025-12-02T12:00:00Z").toEpochMilli();
    static final String T_NS = T + "000000";
    static final long RECORD_TS = Instant.parse("2026-12-05T00:00:00Z").toEpochMilli();

    static PointParser parser(String extra) throws Exception {
        return new PointParser(TopologySpec.parse("input:\n  format: influx\n" + extra).input, () -> NOW);
    }

    static ParseOutput parse(String text) throws Exception {
        return parse(parser(""), text);
    }

    static ParseOutput parse(PointParser parser, String text) throws Exception {
        ParseOutput out = new ParseOutput();
        parser.parse(null, text.getBytes(StandardCharsets.UTF_8), RECORD_TS, out);
        return out;
    }

    static List<String> series(ParseOutput out) {
        return out.points().stream().map(PointParser.ParsedPoint::series).toList();
    }

    static ParseOutput.BadLine onlyBadLine(String text) throws Exception {
        ParseOutput out = parse(text);
        assertEquals(List.of(), out.points(), "no point from a bad line");
        assertEquals(1, out.badLines().size(), text);
        return out.badLines().get(0);
    }

    @Test
    void theContractRecordIsOnePointOfSeriesMeasurementTagsSlashField() throws Exception {
        ParseOutput out = parse("cpu,host=a usage=42.5 1764676800000000000");
        assertEquals(List.of(new PointParser.ParsedPoint("cpu,host=a/usage", 1764676800000L, 42.5)), out.points());
    }

    @Test
    void tagsAreSortedByKeyInTheSeriesId() throws Exception {
        assertEquals(List.of("cpu,cpu=cpu0,host=a/usage_idle"), series(parse("cpu,host=a,cpu=cpu0 usage_idle=90 " + T_NS)));
    }

    @Test
    void everyNumericFieldIsAPointOfItsOwnSeries() throws Exception {
        ParseOutput out = parse("mem,host=a used=1i,free=2u,ratio=0.5,ok=true " + T_NS);
        assertEquals(List.of("mem,host=a/used", "mem,host=a/free", "mem,host=a/ratio", "mem,host=a/ok"), series(out));
        assertEquals(List.of(1.0, 2.0, 0.5, 1.0), out.points().stream().map(PointParser.ParsedPoint::value).toList());
    }

    @Test
    void booleansAreOneAndZeroInEverySpelling() throws Exception {
        String[] yes = {"t", "T", "true", "True", "TRUE"};
        String[] no = {"f", "F", "false", "False", "FALSE"};
        for (String b : yes) {
            assertEquals(1.0, parse("m v=" + b + " " + T_NS).points().get(0).value(), b);
        }
        for (String b : no) {
            assertEquals(0.0, parse("m v=" + b + " " + T_NS).points().get(0).value(), b);
        }
    }

    @Test
    void stringFieldsAreSkippedNotDeadLettered() throws Exception {
        ParseOutput out = parse("svc,host=a state=\"up, \\\"fine\\\" = ok\",latency=12.5 " + T_NS);
        assertEquals(List.of("svc,host=a/latency"), series(out));
        assertEquals(List.of(), out.badLines());
    }

    @Test
    void aLineWithOnlyStringFieldsIsDeadLetteredAsMissingValue() throws Exception {
        assertEquals("missing-value", onlyBadLine("svc,host=a state=\"up\" " + T_NS).reason());
    }

    @Test
    void escapedCommasSpacesAndEqualsStayEscapedInTheSeriesId() throws Exception {
        ParseOutput out = parse("disk\\ io,path=/var\\,log,k\\=x=a\\ b used\\ pct=3 " + T_NS);
        assertEquals(List.of("disk\\ io,k\\=x=a\\ b,path=/var\\,log/used\\ pct"), series(out));
    }

    @Test
    void severalLinesBlankLinesAndCommentsMakeOneRecord() throws Exception {
        ParseOutput out = parse("# telegraf batch\ncpu,host=a u=1 " + T_NS + "\n\n  \r\ncpu,host=b u=2 " + T_NS + "\r\n# end\n");
        assertEquals(List.of("cpu,host=a/u", "cpu,host=b/u"), series(out));
        assertEquals(List.of(), out.badLines());
    }

    @Test
    void aRecordOfOnlyCommentsIsAnEmptyRecord() {
        BadRecordException e = assertThrows(BadRecordException.class, () -> parse("# nothing\n\n"));
        assertEquals("empty-record", e.reason());
    }

    @Test
    void aLineWithoutTimestampTakesTheKafkaRecordTimestamp() throws Exception {
        assertEquals(RECORD_TS, parse("cpu,host=a u=1").points().get(0).ts());
    }

    @Test
    void aLineWithoutTimestampInARecordWithoutOneIsMissingTimestamp() throws Exception {
        ParseOutput out = new ParseOutput();
        parser("").parse(null, "cpu u=1".getBytes(StandardCharsets.UTF_8), -1, out);
        assertEquals("missing-timestamp", out.badLines().get(0).reason());
    }

    @Test
    void precisionSetsTheTimestampUnit() throws Exception {
        long s = T / 1000;
        assertEquals(T, parse(parser("  precision: s\n"), "m v=1 " + s).points().get(0).ts());
        assertEquals(T, parse(parser("  precision: ms\n"), "m v=1 " + T).points().get(0).ts());
        assertEquals(T, parse(parser("  precision: us\n"), "m v=1 " + T + "000").points().get(0).ts());
        assertEquals(T, parse(parser("  precision: ns\n"), "m v=1 " + T + "000999").points().get(0).ts());
    }

    @Test
    void aTimestampInTheWrongPrecisionIsOutOfRange() throws Exception {
        assertEquals("timestamp-out-of-range", onlyBadLine("m v=1 " + T / 1000).reason()); // seconds read as ns: 1970
    }

    @Test
    void aTimestampThatIsNotAnIntegerIsBadTimestamp() throws Exception {
        assertEquals("bad-timestamp", onlyBadLine("m v=1 2025-12-02T12:00:00Z").reason());
        assertEquals("bad-timestamp", onlyBadLine("m v=1 99999999999999999999").reason());
    }

    @Test
    void secondsBeyondEpochMillisecondsAreOutOfRangeNotAnOverflow() throws Exception {
        assertEquals("timestamp-out-of-range", parse(parser("  precision: s\n"), "m v=1 " + Long.MAX_VALUE).badLines().get(0).reason());
    }

    @Test
    void syntaxErrorsAreMalformedLines() throws Exception {
        String[] lines = {"cpu", "cpu u", "cpu u=", "cpu,host u=1", "cpu,=a u=1", "cpu,host= u=1", "cpu u=1,", "cpu  ,x=1",
                "cpu u=\"open", "cpu u=1 " + T_NS + " extra", "cpu u=abc", "cpu u=1x", "cpu u=12.5i", "cpu u=-1u",
                "cpu u=99999999999999999999i", ",host=a u=1", "cpu,host=a,host=b u=1", "cpu u=0x10", "cpu u=1e"};
        for (String line : lines) {
            assertEquals(InfluxLineParser.MALFORMED_LINE, onlyBadLine(line).reason(), line);
        }
    }

    @Test
    void nanAndInfinityAreNonFiniteValues() throws Exception {
        for (String v : new String[]{"NaN", "+Inf", "-inf", "Infinity", "1e999"}) {
            assertEquals("non-finite-value", onlyBadLine("m v=" + v + " " + T_NS).reason(), v);
        }
    }

    @Test
    void aValueBeyondTheLimitIsOutOfRange() throws Exception {
        assertEquals("value-out-of-range", onlyBadLine("m v=1e16 " + T_NS).reason());
    }

    @Test
    void aSeriesIdLongerThanTheLimitIsBadSeries() throws Exception {
        assertEquals("bad-series", onlyBadLine("m,k=" + "x".repeat(300) + " v=1 " + T_NS).reason());
        assertEquals("bad-series", onlyBadLine("m,k=" + "x".repeat(3000) + " v=1 " + T_NS).reason());
    }

    @Test
    void invalidUtf8InALineIsInvalidUtf8() throws Exception {
        byte[] bad = ("m,host=a\u00e9 v=1 " + T_NS).getBytes(StandardCharsets.ISO_8859_1);
        ParseOutput out = new ParseOutput();
        parser("").parse(null, bad, RECORD_TS, out);
        assertEquals("invalid-utf8", out.badLines().get(0).reason());
    }

    @Test
    void aBadFieldFailsItsWholeLineAndOnlyItsLine() throws Exception {
        String text = "cpu u=1,v=oops " + T_NS + "\ncpu w=2 " + T_NS;
        ParseOutput out = parse(text);
        assertEquals(List.of("cpu/w"), series(out), "no half line");
        ParseOutput.BadLine bad = out.badLines().get(0);
        assertEquals(1, bad.line());
        assertArrayEquals(("cpu u=1,v=oops " + T_NS).getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.copyOfRange(text.getBytes(StandardCharsets.UTF_8), bad.from(), bad.to()));
    }

    @Test
    void aBadLineIsNumberedAndCutWithoutItsLineEnd() throws Exception {
        String text = "a v=1\r\n\r\nb v=\r\nc v=3";
        ParseOutput out = parse(text);
        assertEquals(List.of("a/v", "c/v"), series(out));
        ParseOutput.BadLine bad = out.badLines().get(0);
        assertEquals(3, bad.line());
        assertEquals("b v=", text.substring(bad.from(), bad.to()));
    }

    @Test
    void aQuotedStringMayHoldANewlineAndTheLinesAfterItKeepTheirNumbers() throws Exception {
        String text = "log msg=\"two\nlines\",n=1 " + T_NS + "\nbad\nm v=2";
        ParseOutput out = parse(text);
        assertEquals(List.of("log/n", "m/v"), series(out));
        assertEquals(3, out.badLines().get(0).line(), "physical lines, as an editor numbers them");
    }

    @Test
    void aWholeRecordTakenAtOnceFailsOnItsFirstBadLine() throws Exception {
        BadRecordException e = assertThrows(BadRecordException.class,
                () -> parser("").parse(null, ("m v=1 " + T_NS + "\nm v=x").getBytes(StandardCharsets.UTF_8), new java.util.ArrayList<>()));
        assertEquals(InfluxLineParser.MALFORMED_LINE, e.reason());
        assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
    }
}
