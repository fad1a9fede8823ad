package io.surprisal.stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' {@code production.exception.handler}: an output record the broker refuses for its
 * own sake (too large for the topic, a timestamp the topic does not accept) becomes a dead letter and
 * the task goes on; without it the task fails and retries the same record forever. Retriable errors
 * are retried; anything else (authorization, an unknown topic) fails the task, since it is not
 * about one record.
 *
 * <p>The dead letter carries the input record's key and bytes, with the source's topic, partition and
 * offset, so the point can be found and replayed. When the refused record was itself a dead letter
 * the value is left out (it may be what was too large); its headers still say where it came from.
 */
public final class ProductionFailureHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProductionFailureHandler.class);
    private FailureSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = FailureSettings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        String reason;
        if (exception instanceof RecordTooLargeException) {
            reason = DeadLetters.RECORD_TOO_LARGE;
        } else if (exception instanceof InvalidTimestampException) {
            reason = DeadLetters.TIMESTAMP_REFUSED;
        } else if (exception instanceof RetriableException) {
            return Response.retry();
        } else {
            LOG.error("cannot produce to {}: {}; failing the task", record.topic(), DeadLetterRecords.describe(exception));
            return Response.fail();
        }
        boolean wasDeadLetter = settings.deadLetterTopic().equals(record.topic());
        LOG.warn("record for {} refused ({}: {}); source {}-{}@{} dead-lettered{}", record.topic(), reason,
                exception.getMessage(), context.topic(), context.partition(), context.offset(),
                wasDeadLetter ? " without its value" : "");
        settings.events().deadLettered(reason);
        String detail = "the record for " + record.topic() + " was refused: " + DeadLetterRecords.describe(exception);
        // No timestamp: the producer stamps it now, which the dead-letter topic accepts even when it refused the input's.
        return Response.resume(List.of(DeadLetterRecords.ofSource(settings, context, reason, detail, exception,
                null, !wasDeadLetter)));
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        LOG.warn("cannot serialise the {} of a record for {}: {}; source {}-{}@{} dead-lettered", origin, record.topic(),
                DeadLetterRecords.describe(exception), context.topic(), context.partition(), context.offset());
        settings.events().deadLettered(DeadLetters.INTERNAL_ERROR);
        return Response.resume(List.of(DeadLetterRecords.ofSource(settings, context, DeadLetters.INTERNAL_ERROR,
                DeadLetterRecords.describe(exception), exception, settings.timestamps().stamp(context.timestamp()), true)));
    }
}
