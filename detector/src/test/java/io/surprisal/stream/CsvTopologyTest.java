package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shipped csv spec through the whole topology. */
class CsvTopologyTest {
    @TempDir
    Path stateDir;

    @Test
    void theShippedSpecScoresGoodLinesAndDeadLettersABadOneWithItsBytes() throws Exception {
        TopologySpec spec = TopologySpec.read(Path.of("topologies/csv.yaml"));
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            var in = d.createInputTopic(spec.topics.points, new ByteArraySerializer(), new ByteArraySerializer());
            var scores = d.createOutputTopic(spec.topics.scores, new StringDeserializer(), new ByteArrayDeserializer());
            var dead = d.createOutputTopic(spec.topics.deadLetters, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(null, ("series,ts,value\r\nplant1/temp,2026-11-24T12:00:00Z,71.3\r\n"
                    + "plant1/rpm,2026-11-24T12:00:00Z,fast\r\nplant1/rpm,2026-11-24T12:00:00Z,1480\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("plant1/temp", "plant1/rpm"), scores.readRecordsToList().stream().map(TestRecord::key).toList());
            TestRecord<byte[], byte[]> bad = dead.readRecord();
            assertEquals("bad-value", DeadLetters.header(bad.headers(), DeadLetters.REASON));
            assertEquals("3", DeadLetters.header(bad.headers(), DeadLetters.SOURCE_LINE));
            assertArrayEquals("plant1/rpm,2026-11-24T12:00:00Z,fast".getBytes(StandardCharsets.UTF_8), bad.value());
        }
    }
}
