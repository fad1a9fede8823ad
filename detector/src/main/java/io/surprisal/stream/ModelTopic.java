package io.surprisal.stream;

import io.surprisal.model.InvalidModelException;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** The compacted models topic: the model a deployment serves now, and publishing a new one. */
public final class ModelTopic {
    private final String topic;
    private final Map<String, Object> clientConfig;

    public ModelTopic(String topic, String bootstrapServers, Map<String, Object> overrides) {
        this.topic = topic;
        this.clientConfig = ClientSettings.of(bootstrapServers, overrides);
    }

    /** The newest valid document under {@code name}, as the detectors would load it; empty if none. */
    public Optional<Model> current(String name) {
        Map<String, Object> conf = new HashMap<>(clientConfig);
        conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Model latest = null;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(conf, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(p.topic(), p.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (name.equals(r.key())) {
                        try {
                            latest = ModelDocument.read(r.value());
                        } catch (InvalidModelException e) {
                            // a rejected document never served: the one before it still does
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public RecordMetadata publish(Model model) {
        return publish(model, null);
    }

    /** Publishes, signed with {@code signingKey} when not null (see {@link ModelSignatures}), and waits for the acknowledgement. */
    public RecordMetadata publish(Model model, java.security.PrivateKey signingKey) {
        Map<String, Object> conf = new HashMap<>(clientConfig);
        conf.remove(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        conf.put(ProducerConfig.ACKS_CONFIG, "all");
        conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        conf.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(conf, new StringSerializer(), new ByteArraySerializer())) {
            byte[] document = ModelDocument.write(model);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, model.name(), document);
            if (signingKey != null) {
                record.headers().add(ModelSignatures.HEADER, ModelSignatures.sign(signingKey, document));
            }
            return p.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the model", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing the model to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
