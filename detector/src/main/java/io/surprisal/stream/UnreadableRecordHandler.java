package io.surprisal.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' {@code deserialization.exception.handler}. The points topic is read as bytes and the
 * models topic as text, so what can fail to deserialize is a record on the repartition topic (written
 * by another version of this code, or damaged): it becomes an {@code unreadable-record} dead letter
 * with its bytes, where LogAndContinue used to drop it without a trace.
 */
public final class UnreadableRecordHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadableRecordHandler.class);
    private FailureSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = FailureSettings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("record {}-{}@{} does not deserialize ({}); dead-lettered as {}", record.topic(), record.partition(),
                record.offset(), DeadLetterRecords.describe(exception), DeadLetters.UNREADABLE_RECORD);
        if (settings.modelsTopic().equals(record.topic())) {
            return Response.resume(); // the global thread has no producer; the model is simply not taken
        }
        settings.events().deadLettered(DeadLetters.UNREADABLE_RECORD);
        Headers h = DeadLetters.headers(DeadLetters.UNREADABLE_RECORD, DeadLetterRecords.describe(exception),
                DetectorProcessor.STAGE, record.topic(), record.partition(), record.offset());
        h.add(DeadLetters.EXCEPTION, exception.getClass().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Response.resume(List.of(new ProducerRecord<>(settings.deadLetterTopic(), null, settings.timestamps().stamp(record.timestamp()),
                record.key(), record.value(), h)));
    }
}
