package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.surprisal.embedded.SharedKafka;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped protobuf spec end to end: a .proto schema registered in a real schema registry (Apicurio
 * Registry, from the jar registry/pom.xml builds) through its Confluent API, wire-format records produced
 * to the embedded broker, the detector application reading them, scores and dead letters read back.
 */
@Timeout(240)
class ProtobufRegistryIT {
    private static final long T = System.currentTimeMillis() - 3_600_000L;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();

    @Test
    void registeredProtobufRecordsAreScoredAndUnknownOrMalformedOnesAreDeadLettered() throws Exception {
        int id = registry.get().registerProto("points-protobuf-value", ProtoRecords.POINT_PROTO);
        TopologySpec spec = TopologySpec.read(Path.of("topologies/protobuf.yaml"));
        // The shipped spec's own names, on the shared broker: its models topic has the default name, so it is claimed too.
        kafka.claim(spec.applicationId);
        kafka.claim(spec.topics.models);
        spec.input.registryUrl = registry.get().url;
        List<byte[]> input = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // What the protobuf serializers write: header, the lone 0 for the first message (Point), the body.
            input.add(ProtoRecords.framed(id, ProtoRecords.point("plant1/pump07/temp", T + i * 1000L, 70.0 + i)));
        }
        byte[] unknown = ProtoRecords.framed(id + 1000, ProtoRecords.point("a", T, 1));
        input.add(unknown);
        input.add("{\"series\":\"a\",\"ts\":1,\"value\":2}".getBytes(StandardCharsets.UTF_8));

        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 1, (short) 1);
        try (DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), Map.of(), dir.resolve("state"),
                DetectorEvents.NONE, ModelDocument.generic(), new HostInfo("localhost", 0))) {
            app.start();
            TestTopics.produce(kafka.bootstrapServers(), spec.topics.points, input);
            List<ConsumerRecord<String, byte[]>> scores = TestTopics.consume(kafka.bootstrapServers(), spec.topics.scores, 5,
                    new StringDeserializer());
            assertEquals(5, scores.size());
            for (int i = 0; i < 5; i++) {
                JsonNode score = JsonRecordParser.JSON.readTree(scores.get(i).value());
                assertEquals("plant1/pump07/temp", scores.get(i).key());
                assertEquals(70.0 + i, score.get("value").asDouble());
                assertEquals(java.time.Instant.ofEpochMilli(T + i * 1000L).toString(), score.get("ts").asText());
            }
            List<ConsumerRecord<byte[], byte[]>> dead = TestTopics.consume(kafka.bootstrapServers(), spec.topics.deadLetters, 2,
                    new ByteArrayDeserializer());
            assertEquals(2, dead.size());
            assertEquals("unknown-schema", DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON));
            assertArrayEquals(unknown, dead.get(0).value());
            assertEquals("malformed-protobuf", DeadLetters.header(dead.get(1).headers(), DeadLetters.REASON));
            assertTrue(app.running());
        }
    }

    @Test
    void theRegistryServesTheProtoTextThatTheDetectorReadsAsDescriptors() throws Exception {
        int id = registry.get().registerProto("descriptors-value", ProtoRecords.POINT_PROTO);
        RegistrySchemas<com.google.protobuf.Descriptors.FileDescriptor> schemas =
                new RegistrySchemas<>(registry.get().url, System::currentTimeMillis, ProtobufRecordParser.SCHEMAS);
        com.google.protobuf.Descriptors.FileDescriptor file = schemas.schema(id);
        assertEquals(List.of("Point", "Other"), file.getMessageTypes().stream().map(d -> d.getName()).toList());
        assertEquals("google.protobuf.Timestamp", file.getMessageTypes().get(0).findFieldByName("ts").getMessageType().getFullName());
        assertEquals("unknown-schema", Assertions.assertThrows(BadRecordException.class,
                () -> new RegistrySchemas<>(registry.get().url, System::currentTimeMillis, AvroRecordParser.SCHEMAS).schema(id)).reason());
    }
}
