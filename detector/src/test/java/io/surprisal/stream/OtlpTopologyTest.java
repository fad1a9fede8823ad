package io.surprisal.stream;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
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
import java.util.concurrent.atomic.AtomicInteger;

import static io.surprisal.stream.OtlpRequests.attr;
import static io.surprisal.stream.OtlpRequests.gauge;
import static io.surprisal.stream.OtlpRequests.point;
import static io.surprisal.stream.OtlpRequests.request;
import static io.surprisal.stream.OtlpRequests.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped otlp spec through the whole topology. */
class OtlpTopologyTest {
    @TempDir
    Path stateDir;

    private static final long T = System.currentTimeMillis() - 3_600_000L;

    @Test
    void theShippedSpecScoresEachDataPointAndDeadLettersTheBadOneAlone() throws Exception {
        TopologySpec spec = TopologySpec.read(Path.of("topologies/otlp.yaml"));
        AtomicInteger skipped = new AtomicInteger();
        DetectorEvents events = new DetectorEvents() {
            @Override
            public void pointsSkipped(String kind, int count) {
                skipped.addAndGet(count);
            }
        };
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, events, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            var in = d.createInputTopic(spec.topics.points, new ByteArraySerializer(), new ByteArraySerializer());
            var scores = d.createOutputTopic(spec.topics.scores, new StringDeserializer(), new ByteArrayDeserializer());
            var dead = d.createOutputTopic(spec.topics.deadLetters, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(null, request("a",
                    gauge("system.cpu.utilization", point(T, 0.93, attr("cpu", "cpu0"), attr("state", "idle")),
                            point(T, Double.NaN, attr("cpu", "cpu1"), attr("state", "idle"))),
                    sum("system.network.io", OtlpRequests.intPoint(T, 1234, attr("direction", "receive"))),
                    OtlpRequests.histogram("http.server.duration", T)));
            List<String> keys = scores.readRecordsToList().stream().map(TestRecord::key).toList();
            assertEquals(List.of("system.cpu.utilization{cpu=\"cpu0\",host.name=\"a\",state=\"idle\"}",
                    "system.network.io{direction=\"receive\",host.name=\"a\"}"), keys);
            TestRecord<byte[], byte[]> bad = dead.readRecord();
            assertEquals("non-finite-value", DeadLetters.header(bad.headers(), DeadLetters.REASON));
            assertEquals("2", DeadLetters.header(bad.headers(), DeadLetters.SOURCE_POINT));
            var letter = ExportMetricsServiceRequest.parseFrom(bad.value());
            assertEquals("cpu1", letter.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0)
                    .getAttributes(0).getValue().getStringValue());
            assertTrue(dead.isEmpty());
            assertEquals(1, skipped.get(), "the histogram's data point is counted, not dead-lettered");
        }
    }

    @Test
    void aRecordThatIsNotTheProtobufIsOneMalformedProtobufDeadLetterWithItsBytes() throws Exception {
        TopologySpec spec = TopologySpec.read(Path.of("topologies/otlp.yaml"));
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            var in = d.createInputTopic(spec.topics.points, new ByteArraySerializer(), new ByteArraySerializer());
            var dead = d.createOutputTopic(spec.topics.deadLetters, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            byte[] json = "{\"series\":\"a\",\"ts\":1,\"value\":2}".getBytes(StandardCharsets.UTF_8);
            in.pipeInput(null, json);
            TestRecord<byte[], byte[]> bad = dead.readRecord();
            assertEquals("malformed-protobuf", DeadLetters.header(bad.headers(), DeadLetters.REASON));
            assertArrayEquals(json, bad.value());
            assertTrue(dead.isEmpty());
        }
    }
}
