package io.surprisal.stream;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Avro schema of a score record ({@code output.format: avro}) and its registration. The fields are
 * the json score's, flat, so that a JDBC sink maps each to a column and Elasticsearch to a field:
 * {@code series}, {@code ts} (a long of logical type timestamp-millis), {@code value}; {@code expected},
 * {@code lower}, {@code upper}, {@code surprisal}, {@code score} as optional doubles (null where json
 * writes null: a number that is not finite); {@code anomaly}, {@code warmup}, {@code model}; {@code muted}
 * an optional boolean (true where json writes it, null where json leaves it out); then one optional
 * string per input.tags entry, {@code tag_<path>} (characters other than letters, digits and _ made _),
 * null where the json score's tags leave it out. A nested map of tags would be one column a JDBC sink
 * cannot write.
 */
final class ScoreAvroSchema {
    static final List<String> DERIVED = List.of("expected", "lower", "upper", "surprisal", "score");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ScoreAvroSchema() {
    }

    /** The schema for a spec whose input.tags are {@code tags}; refuses two tags that would share a field name. */
    static Schema of(List<String> tags) {
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("Score").namespace("io.surprisal")
                .doc("One scored point, as the json score record").fields()
                .requiredString("series")
                .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredDouble("value");
        for (String d : DERIVED) {
            f = f.optionalDouble(d);
        }
        f = f.requiredBoolean("anomaly").requiredBoolean("warmup").requiredString("model").optionalBoolean("muted");
        Map<String, String> seen = new HashMap<>();
        for (String tag : tags) {
            String field = tagField(tag);
            String other = seen.put(field, tag);
            if (other != null) {
                throw new IllegalArgumentException("input.tags " + other + " and " + tag + " would both be the field "
                        + field + " of the avro scores (output.format avro); rename one");
            }
            f = f.optionalString(field);
        }
        return f.endRecord();
    }

    /** {@code tag_} and the tag's path with every character but letters, digits and _ made _: an Avro field name. */
    static String tagField(String tag) {
        StringBuilder b = new StringBuilder("tag_");
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return b.toString();
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST <registryUrl>/subjects/<subject>/versions}) and
     * returns its id; a registry that has it already answers with the same id. Throws IllegalStateException with one
     * line when the registry cannot be asked or refuses (e.g. an incompatible earlier version under the subject).
     */
    static int register(String registryUrl, String subject, Schema schema) {
        String base = registryUrl.endsWith("/") ? registryUrl : registryUrl + "/";
        String where = "registering the score schema as " + subject + " in " + registryUrl;
        try {
            byte[] body = JsonRecordParser.JSON.writeValueAsBytes(Map.of("schema", schema.toString()));
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "subjects/" + subject + "/versions")).timeout(TIMEOUT)
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(where + ": HTTP " + resp.statusCode() + " "
                        + PointParser.abbreviate(PointParser.firstLine(new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8))));
            }
            var id = JsonRecordParser.JSON.readTree(resp.body()).get("id");
            if (id == null || !id.canConvertToInt()) {
                throw new IllegalStateException(where + ": the answer has no schema id");
            }
            return id.asInt();
        } catch (IOException e) {
            throw new IllegalStateException(where + ": the registry did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(where + ": interrupted", e);
        }
    }
}
