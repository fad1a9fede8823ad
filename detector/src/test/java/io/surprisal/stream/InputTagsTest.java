package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.surprisal.stream.DetectorTopologyTest.T0;
import static io.surprisal.stream.DetectorTopologyTest.valueOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** input.tags: chosen fields of a json record carried beside its points onto their scores and anomaly events. */
class InputTagsTest {
    static final long MINUTE = 60_000;
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path stateDir;

    static byte[] point(int i, String extra) {
        return ("{\"series\":\"plant/s0\",\"ts\":\"" + Instant.ofEpochMilli(T0 + i * MINUTE) + "\",\"value\":" + valueOf(0, i)
                + extra + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void scoresAndEventsCarryTheTagsThroughTheRepartition() throws Exception {
        TopologySpec spec = TopologySpec.parse("""
                applicationId: tags
                topics:
                  events: anomaly-events
                input:
                  tags: [plant, team, site.name]
                """);
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of());
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()), props)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < 600; i++) {
                // team is text, plant a number, site.name nested; at point 3 team is an object: left out, still scored.
                String team = i == 3 ? "\"team\":{\"x\":1}" : "\"team\":\"ops \\\"night\\\"\"";
                in.pipeInput(null, point(i, ",\"plant\":3," + team + ",\"site\":{\"name\":\"Lyon\"}"));
            }
            List<KeyValue<String, byte[]>> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList();
            assertEquals(600, scores.size());
            JsonNode first = json.readTree(scores.get(0).value);
            assertEquals("3", first.at("/tags/plant").asText());
            assertEquals("ops \"night\"", first.at("/tags/team").asText());
            assertEquals("Lyon", first.at("/tags/site.name").asText());
            JsonNode odd = json.readTree(scores.get(3).value).get("tags");
            assertFalse(odd.has("team"), odd.toString());
            assertEquals("3", odd.get("plant").asText());

            List<KeyValue<String, byte[]>> events = d.createOutputTopic("anomaly-events", new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList();
            assertFalse(events.isEmpty());
            AnomalyEvent opened = AnomalyEventJson.read(events.get(0).value);
            assertEquals(Map.of("plant", "3", "team", "ops \"night\"", "site.name", "Lyon"), opened.tags());
            assertEquals(List.of("plant", "team", "site.name"), List.copyOf(opened.tags().keySet()), "in the spec's order");
        }
    }

    @Test
    void withoutTagsTheScoreHasNoTagsField() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: notags\n");
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of());
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()), props)) {
            d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer()).pipeInput(null, point(0, ",\"plant\":3"));
            byte[] score = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer()).readValue();
            assertFalse(json.readTree(score).has("tags"));
        }
    }

    @Test
    void tagsAreForJsonOnlyAndNamedOnce() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse("input:\n  format: csv\n  tags: [plant]\n"))
                .getMessage().contains("input.tags"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse("input:\n  tags: [plant, plant]\n"))
                .getMessage().contains("distinct"));
    }

    @Test
    void theRepartitionFormatIsUnchangedWithoutTagsAndRoundTripsThem() {
        Point plain = new Point("a/b", T0, 1.5, 2, 99);
        byte[] v1 = PointSerde.write("t", plain);
        assertEquals(1, v1[0], "a point without tags keeps format 1");
        assertEquals(plain, PointSerde.read("t", v1));
        Point tagged = new Point("a/b", T0, 1.5, 2, 99, Arrays.asList("x", null, "ü"));
        byte[] v2 = PointSerde.write("t", tagged);
        assertEquals(tagged, PointSerde.read("t", v2));
        for (int n = 29; n < v2.length; n++) {
            byte[] cut = Arrays.copyOf(v2, n);
            assertThrows(SerializationException.class, () -> PointSerde.read("t", cut), "cut at " + n);
        }
        assertArrayEquals(v2, PointSerde.write("t", PointSerde.read("t", v2)));
    }
}
