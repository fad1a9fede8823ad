package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.score.ScoreRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ScoreRecord record(long ts, double value, double expected, double score) {
        ScoreRecord r = new ScoreRecord();
        r.ts = ts;
        r.value = value;
        r.expected = expected;
        r.lower = expected - 1.5;
        r.upper = expected + 1.5;
        r.surprisal = 1.4320026113590099;
        r.score = score;
        r.anomaly = score > 0.9;
        r.warmup = false;
        r.model = "generic-gru32-s42";
        return r;
    }

    @Test
    void everyFieldReadsBackExactly() throws Exception {
        ScoreJson json = new ScoreJson();
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 4) {
                case 0 -> rnd.nextDouble() * 100;
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                case 2 -> Math.round(rnd.nextDouble() * 10_000) / 100.0;
                default -> rnd.nextGaussian() * 1e-6;
            };
            if (!Double.isFinite(v)) {
                continue;
            }
            long ts = rnd.nextLong() % 300_000_000_000_000L;
            ScoreRecord r = record(ts, v, v * 1.01, rnd.nextDouble());
            JsonNode n = JSON.readTree(json.write("plant/s" + i, r));
            assertEquals("plant/s" + i, n.get("series").asText());
            assertEquals(Instant.ofEpochMilli(ts).toString(), n.get("ts").asText(), "ts " + ts);
            assertEquals(v, Double.parseDouble(n.get("value").asText()), "value");
            assertEquals(r.expected, Double.parseDouble(n.get("expected").asText()));
            assertEquals(r.lower, Double.parseDouble(n.get("lower").asText()));
            assertEquals(r.upper, Double.parseDouble(n.get("upper").asText()));
            assertEquals(r.surprisal, Double.parseDouble(n.get("surprisal").asText()));
            assertEquals(r.score, Double.parseDouble(n.get("score").asText()));
            assertEquals(r.anomaly, n.get("anomaly").asBoolean());
            assertEquals("generic-gru32-s42", n.get("model").asText());
        }
    }

    @Test
    void numbersLookLikeDoubleToStringAndNonFiniteIsNull() {
        ScoreJson json = new ScoreJson();
        ScoreRecord r = record(Instant.parse("2026-11-24T12:00:00Z").toEpochMilli(), 71.3, Double.NaN, 0.0);
        r.lower = Double.POSITIVE_INFINITY;
        r.upper = 1e-5;
        r.surprisal = 1.0E7;
        String s = new String(json.write("plant3/pump7/temp", r));
        assertEquals("{\"series\":\"plant3/pump7/temp\",\"ts\":\"2026-11-24T12:00:00Z\",\"value\":71.3,\"expected\":null,"
                + "\"lower\":null,\"upper\":1.0E-5,\"surprisal\":1.0E7,\"score\":0.0,\"anomaly\":false,\"warmup\":false,"
                + "\"model\":\"generic-gru32-s42\"}", s);
    }

    @Test
    void timestampsMatchInstantToStringAtTheEdges() throws Exception {
        ScoreJson json = new ScoreJson();
        for (long ts : List.of(0L, 1L, 999L, 1000L, 86_399_999L, 86_400_000L, -1L, -86_400_001L, 951_782_400_000L,
                253_402_300_799_999L, 253_402_300_800_000L, Long.MAX_VALUE / 2, 1_793_491_200_120L, 1_793_491_200_100L)) {
            JsonNode n = JSON.readTree(json.write("s", record(ts, 1, 1, 0)));
            assertEquals(Instant.ofEpochMilli(ts).toString(), n.get("ts").asText(), "ts " + ts);
        }
    }

    @Test
    void seriesIdsAreEscapedAndUtf8() throws Exception {
        ScoreJson json = new ScoreJson();
        for (String id : List.of("a\"b", "back\\slash", "tab\tnew\nline\r", "ctl\u0001\u001f", "température/µ", "emoji/\uD83D\uDE00",
                "long/" + "x".repeat(600))) {
            byte[] bytes = json.write(id, record(0, 1, 1, 0));
            JsonNode n = JSON.readTree(bytes);
            assertEquals(id, n.get("series").asText());
        }
        byte[] again = json.write("second", record(0, 1, 1, 0));
        assertTrue(new String(again).startsWith("{\"series\":\"second\""), "the buffer is reused from the start");
    }

    @Test
    void aNewModelVersionIsWritten() throws Exception {
        ScoreJson json = new ScoreJson();
        ScoreRecord r = record(0, 1, 1, 0);
        json.write("s", r);
        r.model = "v2";
        assertEquals("v2", JSON.readTree(json.write("s", r)).get("model").asText());
    }

    @Test
    void aMutedPointHasMutedTrueAfterTheModelAndBeforeTheTagsAndNoOtherPointHasTheField() throws Exception {
        ScoreJson json = new ScoreJson();
        ScoreRecord r = record(0, 1, 1, 0.9);
        String plain = new String(json.write("s", r, java.util.List.of("team"), java.util.List.of("ops"), false), java.nio.charset.StandardCharsets.UTF_8);
        String muted = new String(json.write("s", r, java.util.List.of("team"), java.util.List.of("ops"), true), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(plain.replace(",\"tags\":", ",\"muted\":true,\"tags\":"), muted);
        assertEquals(true, JSON.readTree(muted).get("muted").asBoolean());
        assertEquals(new String(json.write("s", r), java.nio.charset.StandardCharsets.UTF_8),
                new String(json.write("s", r, java.util.List.of(), java.util.List.of(), false), java.nio.charset.StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertTrue(new String(json.write("s", r, java.util.List.of(), java.util.List.of(), true),
                java.nio.charset.StandardCharsets.UTF_8).endsWith(",\"muted\":true}"));
    }
}
