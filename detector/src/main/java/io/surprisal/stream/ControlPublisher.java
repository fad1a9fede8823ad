package io.surprisal.stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes control records (from the HTTP feedback and mute endpoints) to the controls topic, where every
 * instance's global store picks them up. One producer, created on first use so that an instance nobody
 * sends feedback to opens no extra connection; each write waits for the broker's acknowledgement, so an
 * answer of 202 means the control is in Kafka.
 */
public final class ControlPublisher implements AutoCloseable {
    /** How long a write may wait for metadata and then for the acknowledgement: an HTTP caller is waiting. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final String topic;
    private final Map<String, Object> conf;
    private KafkaProducer<String, byte[]> producer;
    private boolean closed;

    public ControlPublisher(String topic, String bootstrapServers, Map<String, Object> clientOverrides) {
        this.topic = topic;
        this.conf = new HashMap<>(ClientSettings.of(bootstrapServers, clientOverrides));
        conf.put(ProducerConfig.ACKS_CONFIG, "all");
        conf.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        conf.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        // The client insists on delivery.timeout.ms >= linger.ms + request.timeout.ms: a request gets half the time.
        conf.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        conf.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    }

    public String topic() {
        return topic;
    }

    /** Writes {@code value} (null: a tombstone) under {@code key} and waits for the acknowledgement. */
    public void publish(String key, byte[] value) throws ExecutionException, TimeoutException, InterruptedException {
        producer().send(new ProducerRecord<>(topic, key, value)).get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (producer == null) {
            producer = new KafkaProducer<>(conf, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
