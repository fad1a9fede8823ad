package io.surprisal.stream;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Dead-letter headers. Every record that is not scored lands on the dead-letter topic with its
 * original bytes and these headers, so nothing a user sends disappears without a trace.
 */
public final class DeadLetters {
    /** Short, stable reason, e.g. malformed-json, missing-value, late, duplicate. */
    public static final String REASON = "surprisal.reason";
    /** Human-readable detail. */
    public static final String ERROR = "surprisal.error";
    /** parse or detect. */
    public static final String STAGE = "surprisal.stage";
    public static final String SOURCE_TOPIC = "surprisal.source.topic";
    public static final String SOURCE_PARTITION = "surprisal.source.partition";
    public static final String SOURCE_OFFSET = "surprisal.source.offset";
    /**
     * In a line format (influx, csv), the number (from 1) of the line that was dead-lettered: the value
     * is that line's bytes and the other lines of the record were scored.
     */
    public static final String SOURCE_LINE = "surprisal.source.line";
    /**
     * In otlp, the number (from 1, in the record's order) of the gauge or sum data point that was
     * dead-lettered: the value is a one-point {@code ExportMetricsServiceRequest} (its resource, scope and
     * metric with only that data point) and the record's other data points were scored.
     */
    public static final String SOURCE_POINT = "surprisal.source.point";
    /**
     * Set (to the value's size in bytes) when a dead letter goes without the original value because it
     * would not fit in a produce request; {@link #SOURCE_TOPIC} and {@link #SOURCE_OFFSET} find it.
     */
    public static final String VALUE_OMITTED = "surprisal.value.omitted";
    /** Set (to the key's size in bytes) when a dead letter goes without the original key, as {@link #VALUE_OMITTED}. */
    public static final String KEY_OMITTED = "surprisal.key.omitted";
    /** Room in a produce request for a dead letter's headers and the batch framing, beside its key and value. */
    static final int HEADROOM = 64 * 1024;
    /** Class of the unexpected exception behind an {@code internal-error} dead letter. */
    public static final String EXCEPTION = "surprisal.exception";

    /** A record some processor failed on in a way nobody foresaw; the exception is in {@link #EXCEPTION}. */
    public static final String INTERNAL_ERROR = "internal-error";
    /** A score or dead letter bigger than its topic (or the producer) accepts. */
    public static final String RECORD_TOO_LARGE = "record-too-large";
    /** A record whose timestamp its output topic refuses ({@code message.timestamp.*.max.ms}). */
    public static final String TIMESTAMP_REFUSED = "timestamp-refused";
    /** A record on an internal (repartition) topic that does not deserialize. */
    public static final String UNREADABLE_RECORD = "unreadable-record";
    /** With {@code keyIsSeries}, a record whose key is not the series in its body (see {@code input.onKeyMismatch}). */
    public static final String KEY_MISMATCH = "key-mismatch";

    private DeadLetters() {
    }

    public static Headers headers(String reason, String error, String stage, String topic, int partition, long offset) {
        RecordHeaders h = new RecordHeaders();
        h.add(REASON, bytes(reason));
        h.add(ERROR, bytes(error));
        h.add(STAGE, bytes(stage));
        h.add(SOURCE_TOPIC, bytes(topic));
        h.add(SOURCE_PARTITION, bytes(Integer.toString(partition)));
        h.add(SOURCE_OFFSET, bytes(Long.toString(offset)));
        return h;
    }

    public static Headers headers(String reason, String error, String stage, Optional<RecordMetadata> meta) {
        return meta.map(m -> headers(reason, error, stage, m.topic(), m.partition(), m.offset()))
                .orElseGet(() -> headers(reason, error, stage, "", -1, -1));
    }

    /**
     * How many bytes a dead letter's key and value may take together: the producer's {@code max.request.size} (as
     * Kafka Streams hands it to its producer) less {@link #HEADROOM}.
     */
    static int payloadLimit(Map<String, ?> configs) {
        long maxRequest = ClientSettings.number(configs, StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                ClientSettings.number(configs, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024));
        return (int) Math.max(0, maxRequest - HEADROOM);
    }

    /**
     * The key and value a dead letter can carry within {@code limit} bytes: a key larger than that is left out, then
     * the value when it does not fit beside what is left, each named in a header with its size ({@link #KEY_OMITTED},
     * {@link #VALUE_OMITTED}); the source topic and offset still find the record. Under exactly-once a record the
     * producer refuses puts the transaction in an error state whatever the production handler answers, and the task
     * then fails on the same input for ever: what cannot fit has to go before the dead letter is sent, not after.
     */
    static DeadLetter fit(byte[] key, byte[] value, int limit, Headers headers) {
        if (key != null && key.length > limit) {
            headers.add(KEY_OMITTED, bytes(Integer.toString(key.length)));
            key = null;
        }
        long keySize = key == null ? 0 : key.length;
        if (value != null && keySize + value.length > limit) {
            headers.add(VALUE_OMITTED, bytes(Integer.toString(value.length)));
            value = null;
        }
        return new DeadLetter(key, value);
    }

    public static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
