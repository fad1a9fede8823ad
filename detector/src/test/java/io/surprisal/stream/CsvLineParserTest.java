package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CSV lines, quoted per RFC 4180: one behaviour per test. */
class CsvLineParserTest {
    static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    static final long T = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    static final long RECORD_TS = Instant.parse("2026-12-05T00:00:00Z").toEpochMilli();

    static PointParser parser(String extra) throws Exception {
        return new PointParser(TopologySpec.parse("input:\n  format: csv\n" + extra).input, () -> NOW);
    }

    static ParseOutput parse(PointParser parser, String text) throws Exception {
        ParseOutput out = new ParseOutput();
        parser.parse(null, text.getBytes(StandardCharsets.UTF_8), RECORD_TS, out);
        return out;
    }

    static ParseOutput parse(String text) throws Exception {
        return parse(parser(""), text);
    }

    static String onlyReason(String text) throws Exception {
        ParseOutput out = parse(text);
        assertEquals(List.of(), out.points(), text);
        assertEquals(1, out.badLines().size(), text);
        return out.badLines().get(0).reason();
    }

    @Test
    void aLineIsSeriesTimestampValue() throws Exception {
        assertEquals(List.of(new PointParser.ParsedPoint("plant3/pump7/temp", T, 71.3)),
                parse("plant3/pump7/temp,2026-11-24T12:00:00Z,71.3").points());
    }

    @Test
    void aNumericTimestampIsEpochMillisecondsByDefault() throws Exception {
        assertEquals(T, parse("a," + T + ",1").points().get(0).ts());
    }

    @Test
    void timestampUnitSetsTheUnitOfNumericTimestamps() throws Exception {
        assertEquals(T, parse(parser("  timestampUnit: s\n"), "a," + T / 1000 + ",1").points().get(0).ts());
        assertEquals(T, parse(parser("  timestampUnit: ns\n"), "a," + T + "000000,1").points().get(0).ts());
    }

    @Test
    void columnsSetTheOrderAndUnderscoreIgnoresAColumn() throws Exception {
        ParseOutput out = parse(parser("  columns: [ts, _, series, value]\n"), T + ",whatever,a,2.5");
        assertEquals(List.of(new PointParser.ParsedPoint("a", T, 2.5)), out.points());
    }

    @Test
    void withoutATsColumnThePointTakesTheKafkaTimestamp() throws Exception {
        assertEquals(RECORD_TS, parse(parser("  columns: [series, value]\n"), "a,1").points().get(0).ts());
    }

    @Test
    void severalLinesMakeOneRecordInLfOrCrlf() throws Exception {
        ParseOutput out = parse("a," + T + ",1\r\nb," + T + ",2\n\nc," + T + ",3\r\n");
        assertEquals(List.of("a", "b", "c"), out.points().stream().map(PointParser.ParsedPoint::series).toList());
    }

    @Test
    void aLineOfTheColumnNamesIsAHeaderAndIsSkipped() throws Exception {
        ParseOutput out = parse("Series,TS,Value\na," + T + ",1\n\"series\",\"ts\",\"value\"\nb," + T + ",2");
        assertEquals(2, out.points().size());
        assertEquals(List.of(), out.badLines());
    }

    @Test
    void aHeaderWithOtherNamesIsNotSkippedSilently() throws Exception {
        assertEquals("bad-timestamp", onlyReason("name,time,reading"));
    }

    @Test
    void quotedCellsHoldCommasDoubledQuotesAndLineBreaks() throws Exception {
        ParseOutput out = parse("\"pump 7, \"\"east\"\"\nwing\"," + T + ",\"4.5\"\nb," + T + ",1\nbad");
        assertEquals(List.of("pump 7, \"east\"\nwing", "b"), out.points().stream().map(PointParser.ParsedPoint::series).toList());
        assertEquals(4, out.badLines().get(0).line(), "physical line numbers");
    }

    @Test
    void malformedCsvIsAMalformedLine() throws Exception {
        for (String line : new String[]{"a,1", "a,1,2,3", "\"a," + T + ",1", "\"a\"x," + T + ",1", "a\"b," + T + ",1"}) {
            assertEquals(InfluxLineParser.MALFORMED_LINE, onlyReason(line), line);
        }
    }

    @Test
    void emptyCellsAreMissingFields() throws Exception {
        assertEquals("missing-series", onlyReason("," + T + ",1"));
        assertEquals("missing-timestamp", onlyReason("a,,1"));
        assertEquals("missing-value", onlyReason("a," + T + ","));
    }

    @Test
    void valuesAreCheckedLikeJsonValues() throws Exception {
        assertEquals("bad-value", onlyReason("a," + T + ",hot"));
        assertEquals("bad-value", onlyReason("a," + T + ",0x10"));
        assertEquals("non-finite-value", onlyReason("a," + T + ",NaN"));
        assertEquals("non-finite-value", onlyReason("a," + T + ",+Inf"));
        assertEquals("value-out-of-range", onlyReason("a," + T + ",1e16"));
        assertEquals(42.0, parse("a," + T + ", 42 ").points().get(0).value(), "numbers may be padded");
    }

    @Test
    void timestampsAreCheckedLikeJsonTimestamps() throws Exception {
        assertEquals("bad-timestamp", onlyReason("a,yesterday,1"));
        assertEquals("timestamp-out-of-range", onlyReason("a,1,1"));
        assertEquals("timestamp-out-of-range", onlyReason("a,99999999999999999999,1"));
        assertEquals("timestamp-out-of-range", onlyReason("a,+300000000-01-01T00:00:00Z,1"));
    }

    @Test
    void aSeriesIdLongerThanTheLimitIsBadSeries() throws Exception {
        assertEquals("bad-series", onlyReason("x".repeat(300) + "," + T + ",1"));
    }

    @Test
    void badColumnsFailAtStartUp() {
        assertEquals("input.columns takes series, ts, value and _ (a column to ignore), was [series, time, value]",
                assertThrows(IllegalArgumentException.class, () -> parser("  columns: [series, time, value]\n")).getMessage());
        assertEquals("input.columns must name series and value (and ts, or the Kafka timestamp is used), was [series, ts]",
                assertThrows(IllegalArgumentException.class, () -> parser("  columns: [series, ts]\n")).getMessage());
    }
}
