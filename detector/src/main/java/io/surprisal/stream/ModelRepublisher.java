package io.surprisal.stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Puts the last good model back on top of the compacted models topic after a newer record under its
 * key was rejected. Compaction keeps only the newest record of a key: left alone, the rejected record
 * would delete the good one, and an instance restarted after that would restore nothing and serve
 * another model than its peers. Every instance that saw the rejection republishes the same bytes, which
 * the updaters take silently. Sends run on their own thread: the global thread never waits for Kafka.
 */
public interface ModelRepublisher extends AutoCloseable {
    ModelRepublisher NONE = (key, document, signature) -> {
    };

    /** Publishes {@code document} (with its {@code signature} header, if any) under {@code key}, asynchronously. */
    void republish(String key, byte[] document, byte[] signature);

    @Override
    default void close() {
    }

    /** Republishes to {@code topic} with a producer of its own, created on first use. */
    static ModelRepublisher toTopic(String topic, String bootstrapServers, Map<String, Object> clientOverrides) {
        return new ModelRepublisher() {
            private final Logger log = LoggerFactory.getLogger(ModelRepublisher.class);
            private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "surprisal-model-republisher");
                t.setDaemon(true);
                return t;
            });
            private KafkaProducer<String, byte[]> producer;

            @Override
            public void republish(String key, byte[] document, byte[] signature) {
                sender.execute(() -> {
                    try {
                        if (producer == null) {
                            Map<String, Object> conf = new HashMap<>(ClientSettings.of(bootstrapServers, clientOverrides));
                            conf.put(ProducerConfig.ACKS_CONFIG, "all");
                            conf.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
                            producer = new KafkaProducer<>(conf, new StringSerializer(), new ByteArraySerializer());
                        }
                        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, document);
                        if (signature != null) {
                            record.headers().add(ModelSignatures.HEADER, signature);
                        }
                        var meta = producer.send(record).get();
                        log.info("model '{}': the last good document republished at {}@{}, so compaction keeps it",
                                key, meta.topic(), meta.offset());
                    } catch (Exception e) {
                        log.warn("model '{}': could not republish the last good document: {}", key, e.toString());
                    }
                });
            }

            @Override
            public void close() {
                sender.shutdown();
                try {
                    sender.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (producer != null) {
                    producer.close(Duration.ofSeconds(5));
                }
            }
        };
    }
}
