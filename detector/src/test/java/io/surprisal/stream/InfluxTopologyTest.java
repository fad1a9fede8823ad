package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The influx format through the whole topology: scores per field, and a dead letter per bad line. */
class InfluxTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    TopologyTestDriver driver(TopologySpec spec) {
        return new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theContractRecordIsScoredUnderItsSeries() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: influx1\ninput: {format: influx}\n");
        try (TopologyTestDriver d = driver(spec)) {
            var t = RecordFailuresTest.topics(d);
            t.in().pipeInput(null, utf8("cpu,host=a usage=42.5 1764676800000000000"));
            TestRecord<String, byte[]> score = t.scores().readRecord();
            assertEquals("cpu,host=a/usage", score.key());
            JsonNode n = JSON.readTree(score.value());
            assertEquals("cpu,host=a/usage", n.get("series").asText());
            assertEquals(42.5, n.get("value").asDouble());
            assertEquals(Instant.ofEpochSecond(1764676800L).toString(), n.get("ts").asText());
            assertEquals(List.of(), t.dead().readRecordsToList());
        }
    }

    @Test
    void theShippedTelegrafSpecScoresALineWithoutTimestampAtTheRecordTime() throws Exception {
        TopologySpec spec = TopologySpec.read(Path.of("topologies/telegraf-influx.yaml"));
        try (TopologyTestDriver d = driver(spec)) {
            var in = d.createInputTopic(spec.topics.points, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            var scores = d.createOutputTopic(spec.topics.scores, new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            Instant at = Instant.parse("2026-12-01T10:00:00Z");
            in.pipeInput(null, utf8("mem,host=a used_percent=41.5"), at);
            assertEquals(at.toString(), JSON.readTree(scores.readRecord().value()).get("ts").asText());
        }
    }

    @Test
    void aBadLineIsDeadLetteredAloneWithItsBytesAndTheOtherLinesAreScored() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: influx2\ninput: {format: influx}\n");
        try (TopologyTestDriver d = driver(spec)) {
            var t = RecordFailuresTest.topics(d);
            String record = "cpu,host=a usage=1 1764676800000000000\n"
                    + "cpu,host=a usage=oops 1764676860000000000\n"
                    + "cpu,host=b usage=2,idle=98 1764676800000000000\n";
            t.in().pipeInput(utf8("k"), utf8(record));
            List<String> scored = t.scores().readRecordsToList().stream().map(TestRecord::key).toList();
            assertEquals(List.of("cpu,host=a/usage", "cpu,host=b/usage", "cpu,host=b/idle"), scored);
            List<TestRecord<byte[], byte[]>> dead = t.dead().readRecordsToList();
            assertEquals(1, dead.size());
            var h = dead.get(0).headers();
            assertEquals("malformed-line", DeadLetters.header(h, DeadLetters.REASON));
            assertEquals("parse", DeadLetters.header(h, DeadLetters.STAGE));
            assertEquals("points", DeadLetters.header(h, DeadLetters.SOURCE_TOPIC));
            assertEquals("0", DeadLetters.header(h, DeadLetters.SOURCE_OFFSET));
            assertEquals("2", DeadLetters.header(h, DeadLetters.SOURCE_LINE));
            assertEquals("field 'usage' = 'oops' is not a number, an integer (42i), an unsigned (42u), a boolean or a quoted string",
                    DeadLetters.header(h, DeadLetters.ERROR));
            assertArrayEquals(utf8("cpu,host=a usage=oops 1764676860000000000"), dead.get(0).value(), "the line's own bytes");
            assertArrayEquals(utf8("k"), dead.get(0).key(), "the record's key");
        }
    }

    @Test
    void everyBadLineOfARecordIsADeadLetterOfItsOwn() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: influx3\ninput: {format: influx}\n");
        try (TopologyTestDriver d = driver(spec)) {
            var t = RecordFailuresTest.topics(d);
            t.in().pipeInput(null, utf8("x\nm v=NaN 1764676800000000000\nm v=1 1\n"));
            List<String> reasons = t.dead().readRecordsToList().stream()
                    .map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON) + "@" + DeadLetters.header(r.headers(), DeadLetters.SOURCE_LINE))
                    .toList();
            assertEquals(List.of("malformed-line@1", "non-finite-value@2", "timestamp-out-of-range@3"), reasons);
            assertEquals(List.of(), t.scores().readRecordsToList());
        }
    }

    @Test
    void aRecordThatIsBadAsAWholeIsOneDeadLetterWithoutALineNumber() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: influx4\ninput: {format: influx}\n");
        try (TopologyTestDriver d = driver(spec)) {
            var t = RecordFailuresTest.topics(d);
            t.in().pipeInput(null, utf8("# only a comment\n"));
            TestRecord<byte[], byte[]> dead = t.dead().readRecord();
            assertEquals("empty-record", DeadLetters.header(dead.headers(), DeadLetters.REASON));
            assertEquals(null, DeadLetters.header(dead.headers(), DeadLetters.SOURCE_LINE));
            assertArrayEquals(utf8("# only a comment\n"), dead.value());
        }
    }
}
