package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.surprisal.score.ScoreRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreAvroTest {
    private static final List<String> TAGS = List.of("plant", "device.team");

    /** The body of a wire-format record, read with {@code schema} by Avro's own reader; every byte must be used. */
    static GenericRecord decode(Schema schema, int id, byte[] framed) throws IOException, BadRecordException {
        assertEquals(id, ConfluentWire.schemaId(framed, "malformed-avro"));
        var decoder = DecoderFactory.get().binaryDecoder(framed, ConfluentWire.BODY_OFFSET, framed.length - ConfluentWire.BODY_OFFSET, null);
        GenericRecord r = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
        assertTrue(decoder.isEnd(), "bytes left after the record");
        return r;
    }

    private static String text(Object utf8) {
        return utf8 == null ? null : utf8.toString();
    }

    @Test
    void everyFieldDecodesWithTheSchemaAndMatchesTheJsonScore() throws Exception {
        Schema schema = ScoreAvroSchema.of(TAGS);
        ScoreAvro avro = new ScoreAvro(0x01020304, TAGS.size());
        ScoreJson json = new ScoreJson();
        Random rnd = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            ScoreRecord r = ScoreJsonTest.record(rnd.nextLong() >>> 24, rnd.nextDouble() * 1e6 - 5e5, rnd.nextGaussian(), rnd.nextDouble());
            if (i % 7 == 0) {
                r.expected = Double.NaN; // json writes null for what is not finite; so does avro
                r.upper = Double.POSITIVE_INFINITY;
            }
            r.warmup = i % 5 == 0;
            r.model = i < 2_500 ? "generic-gru32-s42" : "tuned-ü"; // a model swap, and UTF-8
            String series = i % 3 == 0 ? "plant1/pump" + i + "/temp" : "usine/pompe-é" + i + "/température";
            List<String> values = i % 4 == 0 ? List.of() : Arrays.asList(i % 2 == 0 ? null : "north", "ops-" + i);
            boolean muted = i % 6 == 0;
            GenericRecord a = decode(schema, 0x01020304, avro.write(series, r, TAGS, values, muted));
            JsonNode j = JsonRecordParser.JSON.readTree(json.write(series, r, TAGS, values, muted));
            assertEquals(j.get("series").asText(), text(a.get("series")));
            assertEquals(Instant.parse(j.get("ts").asText()).toEpochMilli(), a.get("ts"));
            assertEquals(j.get("value").asDouble(), a.get("value"));
            for (String d : ScoreAvroSchema.DERIVED) {
                if (j.get(d).isNull()) {
                    assertNull(a.get(d), d);
                } else {
                    assertEquals(j.get(d).asDouble(), (Double) a.get(d), 0.0, d);
                }
            }
            assertEquals(j.get("anomaly").asBoolean(), a.get("anomaly"));
            assertEquals(j.get("warmup").asBoolean(), a.get("warmup"));
            assertEquals(j.get("model").asText(), text(a.get("model")));
            assertEquals(j.has("muted") ? Boolean.TRUE : null, a.get("muted"));
            JsonNode tags = j.path("tags");
            assertEquals(tags.has("plant") ? tags.get("plant").asText() : null, text(a.get("tag_plant")));
            assertEquals(tags.has("device.team") ? tags.get("device.team").asText() : null, text(a.get("tag_device_team")));
        }
    }

    @Test
    void theSchemaIsFlatWithOptionalFieldsWhereJsonLeavesThemOutOrWritesNull() {
        Schema s = ScoreAvroSchema.of(TAGS);
        assertEquals(List.of("series", "ts", "value", "expected", "lower", "upper", "surprisal", "score", "anomaly", "warmup",
                "model", "muted", "tag_plant", "tag_device_team"), s.getFields().stream().map(Schema.Field::name).toList());
        assertEquals("timestamp-millis", s.getField("ts").schema().getLogicalType().getName());
        assertEquals(Schema.Type.UNION, s.getField("score").schema().getType());
        assertTrue(s.getField("muted").hasDefaultValue());
        assertEquals(Schema.Type.DOUBLE, s.getField("value").schema().getType());
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> ScoreAvroSchema.of(List.of("a.b", "a-b")));
        assertEquals("input.tags a.b and a-b would both be the field tag_a_b of the avro scores (output.format avro); rename one",
                clash.getMessage());
    }

    @Test
    void aScoreAllocatesOnlyItsOwnBytes() {
        ScoreAvro avro = new ScoreAvro(5, 0);
        ScoreRecord r = ScoreJsonTest.record(1_764_676_800_000L, 71.3, 70.9, 0.2);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            avro.write("plant1/pump07/temp", r, List.of(), List.of(), false);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int size = 0;
        for (int i = 0; i < 10_000; i++) {
            size = avro.write("plant1/pump07/temp", r, List.of(), List.of(), false).length;
        }
        long perScore = (threads.getCurrentThreadAllocatedBytes() - before) / 10_000;
        // The returned array (16-byte header, the bytes, rounded up to 8) and nothing else.
        assertTrue(perScore <= 16 + size + 8, perScore + " B per score of " + size + " B");
    }
}
