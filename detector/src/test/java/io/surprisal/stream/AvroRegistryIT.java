package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped avro spec against a real schema registry (Apicurio Registry, started from the jar that
 * registry/pom.xml builds): schemas registered through its Confluent API, records in the wire format
 * through the topology to scores and dead letters.
 */
@Timeout(180)
class AvroRegistryIT {
    private static final long T = System.currentTimeMillis() - 3_600_000L;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();

    @Test
    void registeredRecordsAreScoredAndUnknownOrMalformedOnesAreDeadLettered() throws Exception {
        int id = registry.get().register("points-avro-value", AvroRecords.POINT);
        TopologySpec spec = TopologySpec.read(Path.of("topologies/avro.yaml"));
        spec.input.registryUrl = registry.get().url;
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", dir.resolve("state"), Map.of()))) {
            var in = d.createInputTopic(spec.topics.points, new ByteArraySerializer(), new ByteArraySerializer());
            var scores = d.createOutputTopic(spec.topics.scores, new StringDeserializer(), new ByteArrayDeserializer());
            var dead = d.createOutputTopic(spec.topics.deadLetters, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (int i = 0; i < 5; i++) {
                in.pipeInput(null, AvroRecords.framed(id, new GenericRecordBuilder(AvroRecords.POINT)
                        .set("series", "plant1/pump07/temp").set("ts", T + i * 1000L).set("value", 70.0 + i).build()));
            }
            List<TestRecord<String, byte[]>> scored = scores.readRecordsToList();
            assertEquals(5, scored.size());
            String last = new String(scored.get(4).value(), StandardCharsets.UTF_8);
            assertEquals("plant1/pump07/temp", scored.get(4).key());
            assertTrue(last.contains("\"value\":74.0"), last);
            assertTrue(dead.isEmpty());

            byte[] unknown = AvroRecords.framed(id + 1000, new GenericRecordBuilder(AvroRecords.POINT)
                    .set("series", "a").set("ts", T).set("value", 1.0).build());
            in.pipeInput(null, unknown);
            TestRecord<byte[], byte[]> letter = dead.readRecord();
            assertEquals("unknown-schema", DeadLetters.header(letter.headers(), DeadLetters.REASON));
            assertArrayEquals(unknown, letter.value());

            in.pipeInput(null, "{\"series\":\"a\",\"ts\":1,\"value\":2}".getBytes(StandardCharsets.UTF_8));
            assertEquals("malformed-avro", DeadLetters.header(dead.readRecord().headers(), DeadLetters.REASON));
            assertTrue(scores.isEmpty());
        }
    }

    @Test
    void anIdTheRegistryLacksIsAskedForAgainAfterTheRetryIntervalAndThenFound() throws Exception {
        Schema first = SchemaBuilder.record("First").fields().requiredString("series").requiredLong("ts").requiredDouble("value").endRecord();
        Schema second = SchemaBuilder.record("Second").fields().requiredString("series").requiredLong("ts").requiredInt("value").endRecord();
        int a = registry.get().register("retry-a-value", first);
        AtomicLong now = new AtomicLong(T);
        RegistrySchemas<org.apache.avro.Schema> schemas = new RegistrySchemas<>(registry.get().url, now::get, AvroRecordParser.SCHEMAS);
        assertEquals(first, schemas.schema(a));
        // The registry gives ids in sequence: the next one does not exist yet.
        BadRecordException missing = assertThrows(BadRecordException.class, () -> schemas.schema(a + 1));
        assertEquals("unknown-schema", missing.reason());
        assertEquals(a + 1, registry.get().register("retry-b-value", second));
        assertSame(missing, assertThrows(BadRecordException.class, () -> schemas.schema(a + 1)),
                "within the retry interval the failure is remembered, not asked again");
        now.addAndGet(RegistrySchemas.RETRY_MS);
        assertEquals(second, schemas.schema(a + 1));
        assertNotSame(first, schemas.schema(a + 1));
    }
}
