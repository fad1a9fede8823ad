package io.surprisal.stream;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka Streams' {@code processing.exception.handler} (KIP-1033): a processor that throws on one record
 * turns that record into an {@code internal-error} dead letter (KIP-1034: the handler hands the dead
 * letter back and Kafka Streams produces it with the task's output) and the task moves on. Without it
 * the task fails, the replaced thread retries the same record from the last commit, and every record
 * behind it on that partition waits forever.
 *
 * <p>Failures that are not about the record go on failing the task, so the thread budget of
 * {@link ThreadFailurePolicy} applies: a store that cannot write (disk full), a fenced producer or
 * another client error, and a state of a newer format ({@link NewerStateFormatException}). Dead-lettering
 * those would empty the input into the dead-letter topic.
 */
public final class RecordFailureHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RecordFailureHandler.class);
    /** Exception classes already logged with a stack trace: one trace per kind is enough to find the bug. */
    private static final Set<String> TRACED = ConcurrentHashMap.newKeySet();

    private FailureSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = FailureSettings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!aboutTheRecord(exception)) {
            LOG.error("processor '{}' failed on {}-{}@{} for a reason that is not the record's; failing the task",
                    context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
        boolean trace = TRACED.size() < 100 && TRACED.add(exception.getClass().getName());
        String where = context.topic() + "-" + context.partition() + "@" + context.offset();
        if (trace) {
            LOG.warn("processor '{}' failed on {}: dead-lettered as {}, moving on", context.processorNodeId(), where,
                    DeadLetters.INTERNAL_ERROR, exception);
        } else {
            LOG.warn("processor '{}' failed on {}: dead-lettered as {} ({})", context.processorNodeId(), where,
                    DeadLetters.INTERNAL_ERROR, DeadLetterRecords.describe(exception));
        }
        if (record == null || settings.modelsTopic().equals(context.topic())) {
            // A punctuator has no record, and the global (models) thread has no producer for a dead letter:
            // the log line above is the trace.
            return Response.resume();
        }
        settings.events().deadLettered(DeadLetters.INTERNAL_ERROR);
        return Response.resume(List.of(DeadLetterRecords.ofFailedRecord(settings, context, record.value(),
                DeadLetters.INTERNAL_ERROR, exception)));
    }

    static boolean aboutTheRecord(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NewerStateFormatException) {
                return false;
            }
        }
        if (e instanceof StreamsException) {
            return false; // store failures (ProcessorStateException), task migration, producer send failures
        }
        return !(e instanceof KafkaException) || e instanceof SerializationException;
    }
}
