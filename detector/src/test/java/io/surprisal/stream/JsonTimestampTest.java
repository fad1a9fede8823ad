package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** json timestamps from the Kafka record (input.timestamp: kafka) and numeric epochs in input.timestampUnit. */
class JsonTimestampTest {
    static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    static final long T = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();

    static PointParser parser(String input) throws Exception {
        return new PointParser(TopologySpec.parse("input:\n" + input).input, () -> NOW);
    }

    static long ts(PointParser parser, String json, long recordTs) throws Exception {
        ParseOutput out = new ParseOutput();
        parser.parse(null, json.getBytes(StandardCharsets.UTF_8), recordTs, out);
        return out.points().get(0).ts();
    }

    static String reason(PointParser parser, String json, long recordTs) {
        return assertThrows(BadRecordException.class,
                () -> parser.parse(null, json.getBytes(StandardCharsets.UTF_8), recordTs, new ParseOutput())).reason();
    }

    @Test
    void numericEpochsAreMillisecondsByDefault() throws Exception {
        assertEquals(T, ts(parser("  format: json\n"), "{\"series\":\"a\",\"ts\":" + T + ",\"value\":1}", -1));
    }

    @Test
    void timestampUnitSetsTheUnitOfNumericEpochs() throws Exception {
        assertEquals(T, ts(parser("  timestampUnit: s\n"), "{\"series\":\"a\",\"ts\":" + T / 1000 + ",\"value\":1}", -1));
        assertEquals(T, ts(parser("  timestampUnit: us\n"), "{\"series\":\"a\",\"ts\":" + T + "123,\"value\":1}", -1));
        assertEquals(T, ts(parser("  timestampUnit: ns\n"), "{\"series\":\"a\",\"ts\":" + T + "123456,\"value\":1}", -1));
    }

    @Test
    void isoTextIsReadWhateverTheUnit() throws Exception {
        assertEquals(T, ts(parser("  timestampUnit: s\n"), "{\"series\":\"a\",\"ts\":\"2026-11-24T12:00:00Z\",\"value\":1}", -1));
    }

    @Test
    void secondsBeyondEpochMillisecondsAreOutOfRange() throws Exception {
        assertEquals("timestamp-out-of-range", reason(parser("  timestampUnit: s\n"),
                "{\"series\":\"a\",\"ts\":" + Long.MAX_VALUE / 10 + ",\"value\":1}", -1));
    }

    @Test
    void millisecondsReadAsSecondsAreOutOfRange() throws Exception {
        assertEquals("timestamp-out-of-range", reason(parser("  timestampUnit: ns\n"),
                "{\"series\":\"a\",\"ts\":" + T + ",\"value\":1}", -1));
    }

    @Test
    void kafkaTakesTheRecordTimestampAndIgnoresTheBody() throws Exception {
        PointParser p = parser("  timestamp: kafka\n");
        assertEquals(T, ts(p, "{\"series\":\"a\",\"value\":1}", T));
        assertEquals(T, ts(p, "{\"series\":\"a\",\"ts\":\"garbage\",\"value\":1}", T));
    }

    @Test
    void kafkaTimestampsAreCheckedLikeAnyOther() throws Exception {
        PointParser p = parser("  timestamp: kafka\n");
        assertEquals("timestamp-out-of-range", reason(p, "{\"series\":\"a\",\"value\":1}", 0));
        assertEquals("missing-timestamp", reason(p, "{\"series\":\"a\",\"value\":1}", -1));
    }
}
