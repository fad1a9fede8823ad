package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** input.seriesTemplate: the series id from several fields; a record without one of them is a dead letter, never a crash. */
class SeriesTemplateTest {

    @TempDir
    Path stateDir;

    @Test
    void rendersFieldsBetweenTheLiteralText() {
        SeriesTemplate t = SeriesTemplate.parse("plant-{site.id}/{device}:{metric}");
        assertEquals(3, t.size());
        assertEquals("site.id", t.field(0));
        assertEquals(List.of("site", "id"), List.of(t.path(0)));
        assertEquals("plant-3/pump7:temp", t.render(new String[] {"3", "pump7", "temp"}));
        assertEquals("x", SeriesTemplate.parse("{a}").render(new String[] {"x"}));
    }

    @Test
    void aMalformedTemplateIsRefusedInOneLine() {
        for (String bad : List.of("", "device/metric", "{device", "device}", "{}/{metric}", "{a{b}}", "{a..b}", "{.a}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesTemplate.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("input.seriesTemplate ") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void theSpecTakesATemplateForJsonAndAvroOnlyAndNotBesideInputSeries() throws Exception {
        assertEquals("{device}/{metric}", TopologySpec.parse("input:\n  seriesTemplate: \"{device}/{metric}\"\n").input.seriesTemplate);
        assertMessage("json and avro only", "input:\n  format: csv\n  seriesTemplate: \"{a}\"\n");
        assertMessage("exclude each other", "input:\n  series: device\n  seriesTemplate: \"{device}/{metric}\"\n");
        assertMessage("input.seriesTemplate names no field", "input:\n  seriesTemplate: plain\n");
    }

    @Test
    void scoresAreKeyedByTheTemplatedIdAndARecordWithoutAFieldIsDeadLettered() throws Exception {
        TopologySpec spec = TopologySpec.parse("""
                applicationId: template
                input:
                  seriesTemplate: "{device}/{reading.metric}"
                """);
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            in.pipeInput(null, json("\"device\":\"pump7\",\"reading\":{\"metric\":\"temp\"}", 0));
            in.pipeInput(null, json("\"device\":17,\"reading\":{\"metric\":\"rpm\"}", 0)); // a numeric id is used as its text
            in.pipeInput(null, json("\"device\":\"pump7\",\"reading\":{}", 1));
            in.pipeInput(null, json("\"device\":[1],\"reading\":{\"metric\":\"temp\"}", 1));

            List<KeyValue<String, byte[]>> scores = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList();
            assertEquals(List.of("pump7/temp", "17/rpm"), scores.stream().map(kv -> kv.key).toList());
            List<TestRecord<byte[], byte[]>> dead = d.createOutputTopic("points-dead-letters", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
            assertEquals(2, dead.size());
            assertEquals("missing-series", DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON));
            assertEquals("field 'reading.metric' of input.seriesTemplate '{device}/{reading.metric}' is missing",
                    DeadLetters.header(dead.get(0).headers(), DeadLetters.ERROR));
            assertEquals("bad-series", DeadLetters.header(dead.get(1).headers(), DeadLetters.REASON));
        }
    }

    private static byte[] json(String fields, int minute) {
        return ("{" + fields + ",\"ts\":\"" + Instant.ofEpochMilli(T0 + minute * 60_000L) + "\",\"value\":1.5}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void assertMessage(String part, String yaml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopologySpec.parse(yaml));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
