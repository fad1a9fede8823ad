package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.surprisal.stream.DetectorTopologyTest.T0;
import static io.surprisal.stream.DetectorTopologyTest.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** input.headerTags: Kafka headers of the input record carried as tags onto its points' scores and anomaly events. */
class HeaderTagsTest {
    private static final long MINUTE = 60_000;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path stateDir;

    @Test
    void headersFollowTheFieldTagsOntoScoresAndEventsThroughTheRepartition() throws Exception {
        TopologySpec spec = TopologySpec.parse("""
                applicationId: header-tags
                topics:
                  events: anomaly-events
                input:
                  tags: [site]
                  headerTags: [plant, team]
                """);
        assertEquals(List.of("site", "plant", "team"), spec.input.tagNames());
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < 600; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("plant", utf8("plant 3"));
                if (i != 3) { // point 3 lacks the team header: left out, still scored
                    headers.add("team", utf8("ops"));
                }
                headers.add("unrelated", utf8("x"));
                byte[] value = utf8("{\"series\":\"plant/s0\",\"ts\":\"" + Instant.ofEpochMilli(T0 + i * MINUTE) + "\",\"value\":"
                        + valueOf(0, i) + ",\"site\":\"Lyon\"}");
                in.pipeInput(new TestRecord<>(null, value, headers, T0 + i * MINUTE));
            }
            List<KeyValue<String, byte[]>> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList();
            assertEquals(600, scores.size());
            JsonNode first = json.readTree(scores.get(0).value).get("tags");
            assertEquals(Map.of("site", "Lyon", "plant", "plant 3", "team", "ops"), json.convertValue(first, Map.class));
            JsonNode third = json.readTree(scores.get(3).value).get("tags");
            assertFalse(third.has("team"), third.toString());
            assertFalse(third.has("unrelated"), third.toString());

            List<KeyValue<String, byte[]>> events = d.createOutputTopic("anomaly-events", new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList();
            assertFalse(events.isEmpty());
            AnomalyEvent opened = AnomalyEventJson.read(events.get(0).value);
            assertEquals(List.of("site", "plant", "team"), List.copyOf(opened.tags().keySet()), "in the spec's order");
            assertEquals("plant 3", opened.tags().get("plant"));
        }
    }

    @Test
    void anyFormatKeepsHeaderTagsOnEveryPointOfARecord() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: header-csv\ninput:\n  format: csv\n  headerTags: [plant]\n");
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            RecordHeaders headers = new RecordHeaders();
            headers.add("plant", utf8("p".repeat(300))); // cut at MAX_TAG_CHARS
            String ts = Instant.ofEpochMilli(T0).toString();
            in.pipeInput(new TestRecord<>(null, utf8("a," + ts + ",1\nb," + ts + ",2\n"), headers, T0));
            in.pipeInput(new TestRecord<>(null, utf8("c," + ts + ",3\n"), new RecordHeaders(), T0));

            List<KeyValue<String, byte[]>> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList();
            assertEquals(3, scores.size());
            for (KeyValue<String, byte[]> score : scores.subList(0, 2)) {
                assertEquals("p".repeat(TopologySpec.Input.MAX_TAG_CHARS), json.readTree(score.value).at("/tags/plant").asText(), score.key);
            }
            assertEquals(0, json.readTree(scores.get(2).value).path("tags").size(), "no header, no tag (as for a missing field)");
        }
    }

    @Test
    void headerTagsAreNamedOnceAndNotAlsoFields() {
        assertMessage("distinct", "input:\n  headerTags: [plant, plant]\n");
        assertMessage("also in input.tags", "input:\n  tags: [plant]\n  headerTags: [plant]\n");
        assertMessage("at most 16", "input:\n  tags: [a, b, c, d, e, f, g, h, i]\n  headerTags: [j, k, l, m, n, o, p, q]\n");
    }

    private TopologyTestDriver driver(TopologySpec spec) {
        return new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertMessage(String part, String yaml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse(yaml));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
