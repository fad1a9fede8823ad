package io.surprisal.ops;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamsReadinessTest {

    @Test
    void readyWhenRunningWithAModel() {
        assertEquals(Optional.empty(), new StreamsReadiness(() -> KafkaStreams.State.RUNNING, () -> true).notReadyReason());
    }

    @Test
    void notReadyWhileRebalancing() {
        assertEquals(Optional.of("kafka streams is REBALANCING"),
                new StreamsReadiness(() -> KafkaStreams.State.REBALANCING, () -> true).notReadyReason());
    }

    @Test
    void notReadyWithoutAModel() {
        assertEquals(Optional.of("no model loaded"),
                new StreamsReadiness(() -> KafkaStreams.State.RUNNING, () -> false).notReadyReason());
    }
}
