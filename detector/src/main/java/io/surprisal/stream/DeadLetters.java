package io.surprisal.stream;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
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

    public static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
