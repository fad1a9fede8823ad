package io.surprisal.sim;

import java.util.Objects;
import java.util.function.Consumer;

/** Where simulated points go: a Kafka topic ({@link KafkaPointSink}) or anything in memory. */
public interface PointSink extends AutoCloseable {

    void accept(SensorPoint point);

    /** Blocks until every point accepted so far has been delivered; a no-op for in-memory sinks. */
    default void flush() {
    }

    @Override
    default void close() {
    }

    /** An in-memory sink, e.g. {@code PointSink.of(list::add)} in a test. */
    static PointSink of(Consumer<SensorPoint> consumer) {
        Objects.requireNonNull(consumer);
        return consumer::accept;
    }
}
