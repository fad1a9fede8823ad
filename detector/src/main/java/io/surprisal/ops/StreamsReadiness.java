package io.surprisal.ops;

import org.apache.kafka.streams.KafkaStreams;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Ready when Kafka Streams is RUNNING and a model is loaded: the detector then scores what arrives. */
public final class StreamsReadiness implements Readiness {

    private final Supplier<KafkaStreams.State> streamsState;
    private final BooleanSupplier modelLoaded;

    StreamsReadiness(Supplier<KafkaStreams.State> streamsState, BooleanSupplier modelLoaded) {
        this.streamsState = streamsState;
        this.modelLoaded = modelLoaded;
    }

    public static StreamsReadiness of(KafkaStreams streams, BooleanSupplier modelLoaded) {
        return new StreamsReadiness(streams::state, modelLoaded);
    }

    @Override
    public Optional<String> notReadyReason() {
        KafkaStreams.State state = streamsState.get();
        if (state != KafkaStreams.State.RUNNING) {
            return Optional.of("kafka streams is " + state);
        }
        if (!modelLoaded.getAsBoolean()) {
            return Optional.of("no model loaded");
        }
        return Optional.empty();
    }
}
