package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.surprisal.embedded.SharedKafka;
import io.surprisal.document.ModelDocument;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code output.format: avro} end to end: the detector application on the embedded broker registers the
 * score schema in a real schema registry (Apicurio Registry, from the jar registry/pom.xml builds) and
 * writes Avro scores; they are read back as a sink connector would, with the schema the registry serves
 * for the id in each record's header.
 */
@Timeout(240)
class AvroScoresIT {
    private static final long T = System.currentTimeMillis() - 3_600_000L;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(String path) throws Exception {
        HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(registry.get().url + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, resp.statusCode(), path);
        return JsonRecordParser.JSON.readTree(resp.body());
    }

    @Test
    void scoresAreAvroUnderTheRegisteredSchemaOfTheScoresSubject() throws Exception {
        TopologySpec spec = TopologySpec.parse("""
                applicationId: %1$s
                topics: {points: %2$s-points, scores: %2$s, deadLetters: %2$s-dead, models: %2$s-models}
                input: {tags: [plant]}
                output: {format: avro, registryUrl: %3$s}
                guarantee: at_least_once
                """.formatted(kafka.claim("it-avro-scores"), kafka.claim("avro-scores"), registry.get().url));
        List<byte[]> points = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            points.add(("{\"series\":\"plant1/pump07/temp\",\"ts\":" + (T + i * 1000L) + ",\"value\":" + (70.5 + i)
                    + (i % 2 == 0 ? ",\"plant\":\"north\"" : "") + "}").getBytes(StandardCharsets.UTF_8));
        }
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 1, (short) 1);
        try (DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), Map.of(), dir.resolve("state"),
                DetectorEvents.NONE, ModelDocument.generic(), new HostInfo("localhost", 0))) {
            // Registered when the app was made, before it started: the subject exists already.
            JsonNode latest = get("/subjects/avro-scores-value/versions/latest");
            int id = latest.get("id").asInt();
            app.start();
            TestTopics.produce(kafka.bootstrapServers(), spec.topics.points, points);
            List<ConsumerRecord<String, byte[]>> scores = TestTopics.consume(kafka.bootstrapServers(), spec.topics.scores, 6,
                    new StringDeserializer());
            assertEquals(6, scores.size());
            // What a sink's AvroConverter does: the id from the header, the schema by id from the registry.
            Schema schema = new Schema.Parser().parse(get("/schemas/ids/" + id).get("schema").asText());
            for (int i = 0; i < 6; i++) {
                byte[] value = scores.get(i).value();
                GenericRecord r = ScoreAvroTest.decode(schema, id, value);
                assertEquals("plant1/pump07/temp", scores.get(i).key());
                assertEquals("plant1/pump07/temp", r.get("series").toString());
                assertEquals(T + i * 1000L, r.get("ts"));
                assertEquals(70.5 + i, r.get("value"));
                assertEquals(Boolean.TRUE, r.get("warmup"));
                assertEquals(ModelDocument.generic().version(), r.get("model").toString());
                assertNull(r.get("muted"));
                assertEquals(i % 2 == 0 ? "north" : null, r.get("tag_plant") == null ? null : r.get("tag_plant").toString());
            }
            assertTrue(app.running());
        }
    }

    @Test
    void anUnreachableRegistryStopsTheStartWithOneLine() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: " + kafka.claim("it-avro-scores-down") + "\n"
                + "output: {format: avro, registryUrl: 'http://127.0.0.1:1/apis/ccompat/v7'}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DetectorApp(spec, kafka.bootstrapServers(),
                Map.of(), dir.resolve("down"), DetectorEvents.NONE, ModelDocument.generic(), new HostInfo("localhost", 0)));
        assertTrue(e.getMessage().startsWith("registering the score schema as scores-value in http://127.0.0.1:1/apis/ccompat/v7: "
                + "the registry did not answer"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
