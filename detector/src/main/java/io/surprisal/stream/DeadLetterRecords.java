package io.surprisal.stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.nio.charset.StandardCharsets;

/**
 * Dead letters built outside the processors, by the exception handlers: from what Kafka Streams
 * tells a handler about the failed record. Same topic and headers as the processors' dead letters.
 */
final class DeadLetterRecords {
    /** Longest {@code surprisal.error} a handler writes: an exception message can be any size. */
    static final int MAX_ERROR_CHARS = 500;

    private DeadLetterRecords() {
    }

    /**
     * A dead letter for a record the processor {@code context.processorNodeId()} failed on. A
     * {@link Point} (detect stage) is written as the point parsed, with where its input record came
     * from; anything else carries the raw bytes of the task's source record.
     */
    static ProducerRecord<byte[], byte[]> ofFailedRecord(FailureSettings settings, ErrorHandlerContext context,
                                                         Object value, String reason, Throwable error) {
        String detail = describe(error);
        if (value instanceof Point p) {
            Headers h = DeadLetters.headers(reason, detail, DetectorProcessor.STAGE, settings.pointsTopic(),
                    p.partition(), p.offset());
            h.add(DeadLetters.EXCEPTION, bytes(error.getClass().getName()));
            return new ProducerRecord<>(settings.deadLetterTopic(), null, settings.timestamps().stamp(context.timestamp()),
                    bytes(p.series()), new ScoreJson().writePoint(p.series(), p.ts(), p.value()), h);
        }
        return ofSource(settings, context, reason, detail, error, settings.timestamps().stamp(context.timestamp()), true);
    }

    /**
     * A dead letter carrying the task's source record: its raw key, and its raw value when
     * {@code withValue} (not when the value is what could not be written).
     */
    static ProducerRecord<byte[], byte[]> ofSource(FailureSettings settings, ErrorHandlerContext context, String reason,
                                                   String detail, Throwable error, Long timestamp, boolean withValue) {
        Headers h = DeadLetters.headers(reason, detail, stageOf(context), context.topic(), context.partition(), context.offset());
        if (error != null) {
            h.add(DeadLetters.EXCEPTION, bytes(error.getClass().getName()));
        }
        DeadLetter letter = DeadLetters.fit(context.sourceRawKey(), withValue ? context.sourceRawValue() : null,
                settings.deadLetterLimit(), h);
        return new ProducerRecord<>(settings.deadLetterTopic(), null, timestamp, letter.key(), letter.value(), h);
    }

    /** parse for the ingest half, detect after it; the node's own name for anything else. */
    static String stageOf(ErrorHandlerContext context) {
        String node = context.processorNodeId();
        if (node == null) {
            return "stream";
        }
        if (node.equals(ParseProcessor.STAGE) || node.startsWith(ParseProcessor.STAGE + "-") || node.equals("points")) {
            return ParseProcessor.STAGE;
        }
        return DetectorProcessor.STAGE;
    }

    static String describe(Throwable error) {
        String text = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
