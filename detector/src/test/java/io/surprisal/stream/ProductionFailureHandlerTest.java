package io.surprisal.stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output records the broker refuses (at-least-once; under exactly-once see ParseProcessor's size bound). */
class ProductionFailureHandlerTest {
    final List<String> counted = new ArrayList<>();
    final ProductionFailureHandler handler = new ProductionFailureHandler();
    final byte[] raw = "{\"series\":\"a\"}".getBytes(StandardCharsets.UTF_8);

    ProductionFailureHandlerTest() {
        handler.configure(Map.of(FailureSettings.DEAD_LETTER_TOPIC, "dead", FailureSettings.POINTS_TOPIC, "points",
                FailureSettings.MODELS_TOPIC, "models", FailureSettings.EVENTS, new DetectorEvents() {
                    @Override
                    public void deadLettered(String reason) {
                        counted.add(reason);
                    }
                }));
    }

    ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return "points"; }
            public int partition() { return 2; }
            public long offset() { return 41; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "scores"; }
            public TaskId taskId() { return new TaskId(1, 2); }
            public long timestamp() { return 5; }
            public byte[] sourceRawKey() { return "k".getBytes(StandardCharsets.UTF_8); }
            public byte[] sourceRawValue() { return raw; }
        };
    }

    @Test
    void aScoreTooLargeForItsTopicBecomesADeadLetterWithTheSourceRecord() {
        var r = handler.handleError(context(), new ProducerRecord<>("scores", new byte[1], new byte[10]),
                new RecordTooLargeException("too big"));
        assertEquals(ProductionExceptionHandler.Result.RESUME, r.result());
        ProducerRecord<byte[], byte[]> dead = r.deadLetterQueueRecords().get(0);
        assertEquals("dead", dead.topic());
        assertEquals(DeadLetters.RECORD_TOO_LARGE, DeadLetters.header(dead.headers(), DeadLetters.REASON));
        assertEquals("41", DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET));
        assertArrayEquals(raw, dead.value());
        assertNull(dead.timestamp(), "stamped when sent, which the dead-letter topic accepts");
        assertEquals(List.of(DeadLetters.RECORD_TOO_LARGE), counted);
    }

    @Test
    void aRefusedDeadLetterGoesAgainWithoutItsValue() {
        var r = handler.handleError(context(), new ProducerRecord<>("dead", new byte[1], new byte[10]),
                new RecordTooLargeException("too big"));
        assertNull(r.deadLetterQueueRecords().get(0).value());
    }

    @Test
    void aRefusedTimestampBecomesADeadLetter() {
        var r = handler.handleError(context(), new ProducerRecord<>("scores", new byte[1], new byte[10]),
                new InvalidTimestampException("too old"));
        assertEquals(DeadLetters.TIMESTAMP_REFUSED, DeadLetters.header(r.deadLetterQueueRecords().get(0).headers(), DeadLetters.REASON));
    }

    @Test
    void retriableErrorsRetryAndOthersFailTheTask() {
        assertEquals(ProductionExceptionHandler.Result.RETRY, handler.handleError(context(),
                new ProducerRecord<>("scores", new byte[1], new byte[1]), new NotLeaderOrFollowerException("moving")).result());
        assertEquals(ProductionExceptionHandler.Result.FAIL, handler.handleError(context(),
                new ProducerRecord<>("scores", new byte[1], new byte[1]), new TopicAuthorizationException(Set.of("scores"))).result());
        assertTrue(counted.isEmpty());
    }
}
