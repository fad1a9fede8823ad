package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Writer schemas ({@code S}: an Avro Schema, a protobuf file's descriptors) fetched from a schema registry's
 * Confluent-compatible REST API
 * ({@code GET <registryUrl>/schemas/ids/<id>}) and cached: a schema id names one schema forever, so each
 * id is fetched once and the stream thread waits on the registry only for an id it has not seen. A
 * failed fetch is remembered for {@link #RETRY_MS}, so a stream of records with an id the registry lacks
 * (or while it is down) costs one request per id and interval, not one per record; after that a later
 * record asks again.
 */
final class RegistrySchemas<S> implements SchemaSource<S> {
    static final String UNKNOWN = "unknown-schema";
    static final String UNAVAILABLE = "schema-unavailable";
    /** Schemas kept; a topic has a handful, so the bound only matters for a producer that churns ids. */
    static final int MAX_ENTRIES = 1_000;
    static final long RETRY_MS = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * One client for every task's cache, made on the first fetch: a client holds a selector thread, and
     * a spec that is only described, or a topic whose schema is cached, needs none.
     */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * What a registry's schema text becomes for one input format.
     *
     * @param type   the answer's {@code schemaType} this format reads ({@code AVRO} also when the field is absent,
     *               as Confluent's registry answers for Avro)
     * @param reader the schema text to a schema, or unknown-schema when this detector cannot read it
     */
    record Kind<S>(String type, Reader<S> reader) {
    }

    interface Reader<S> {
        S read(int id, String text) throws BadRecordException;
    }

    /** A schema, or why there is none and when to ask again. */
    private record Entry<S>(S schema, BadRecordException failure, long retryAt) {
    }

    private final URI base;
    private final LongSupplier clock;
    private final Kind<S> kind;
    private final Map<Integer, Entry<S>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Entry<S>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    RegistrySchemas(String registryUrl, LongSupplier clock, Kind<S> kind) {
        this.base = URI.create(registryUrl.endsWith("/") ? registryUrl : registryUrl + "/");
        this.clock = clock;
        this.kind = kind;
    }

    @Override
    public S schema(int id) throws BadRecordException {
        Entry<S> e = cache.get(id);
        if (e == null || (e.schema == null && clock.getAsLong() >= e.retryAt)) {
            e = fetch(id);
            cache.put(id, e);
        }
        if (e.schema == null) {
            throw e.failure;
        }
        return e.schema;
    }

    private Entry<S> fetch(int id) {
        try {
            return new Entry<>(request(id), null, 0);
        } catch (BadRecordException failure) {
            return new Entry<>(null, failure, clock.getAsLong() + RETRY_MS);
        }
    }

    private S request(int id) throws BadRecordException {
        URI uri = base.resolve("schemas/ids/" + Integer.toUnsignedString(id));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json").GET().build();
        HttpResponse<byte[]> resp;
        try {
            resp = Http.CLIENT.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BadRecordException(UNAVAILABLE, "schema " + id + ": registry " + base + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stream thread is being stopped: let it see that
            throw new BadRecordException(UNAVAILABLE, "schema " + id + ": interrupted while asking registry " + base);
        }
        if (resp.statusCode() == 404) {
            throw new BadRecordException(UNKNOWN, "schema " + id + " is not in registry " + base);
        }
        if (resp.statusCode() != 200) {
            throw new BadRecordException(UNAVAILABLE, "schema " + id + ": registry " + base + " answered HTTP " + resp.statusCode());
        }
        return parse(id, resp.body(), kind);
    }

    /** The schema in a {@code GET /schemas/ids/<id>} answer: {@code {"schema": "<schema text>", "schemaType": ...}}. */
    static <S> S parse(int id, byte[] body, Kind<S> kind) throws BadRecordException {
        JsonNode doc;
        try {
            doc = JsonRecordParser.JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRecordException(UNAVAILABLE, "schema " + id + ": the registry's answer is not JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw new BadRecordException(UNAVAILABLE, "schema " + id + ": the registry's answer is not a JSON object");
        }
        JsonNode type = doc.get("schemaType");
        String typeName = type == null || type.isNull() ? "AVRO" : type.asText();
        if (!kind.type().equals(typeName)) {
            throw new BadRecordException(UNKNOWN, "schema " + id + " is " + typeName + ", not " + kind.type());
        }
        JsonNode text = doc.get("schema");
        if (text == null || !text.isTextual()) {
            throw new BadRecordException(UNAVAILABLE, "schema " + id + ": the registry's answer has no schema text");
        }
        return kind.reader().read(id, text.asText());
    }
}
