package io.surprisal.sim;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends points to a Kafka topic: key = series id (UTF-8), value = {@link SensorPointJson}. The record
 * timestamp is left to the producer (wall-clock time); the simulated time is the {@code ts} in the value.
 * Simulated time usually runs ahead of the wall clock, and brokers reject record timestamps more than
 * {@code log.message.timestamp.after.max.ms} (one hour by default in Kafka 4) in the future.
 */
public final class KafkaPointSink implements PointSink {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public KafkaPointSink(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A sink with its own producer, batching for throughput; {@code extraConfig} overrides any setting. */
    public static KafkaPointSink create(String bootstrapServers, String topic, Map<String, Object> extraConfig) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "surprisal-simulator");
        config.putAll(extraConfig);
        return new KafkaPointSink(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), topic);
    }

    public static KafkaPointSink create(String bootstrapServers, String topic) {
        return create(bootstrapServers, topic, Map.of());
    }

    @Override
    public void accept(SensorPoint point) {
        throwIfFailed();
        byte[] key = point.series().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, SensorPointJson.encode(point)), (metadata, error) -> {
            if (error != null) {
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Sends are asynchronous; a failure surfaces on the next call rather than being lost. */
    private void throwIfFailed() {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new KafkaException("sending points to " + topic + " failed", failure);
        }
    }
}
