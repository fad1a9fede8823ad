package io.surprisal.stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Producing test points and reading topics back (read_committed) with a deadline, for the integration tests. */
final class TestTopics {
    private TestTopics() {
    }

    static void produce(String bootstrap, String topic, List<byte[]> values) {
        Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) {
                // Keyed by series, as producers should: one series stays in one partition, in order.
                String body = new String(v, StandardCharsets.UTF_8);
                int at = body.indexOf("\"series\":\"");
                byte[] key = at < 0 ? null : body.substring(at + 10, body.indexOf('"', at + 10)).getBytes(StandardCharsets.UTF_8);
                p.send(new ProducerRecord<>(topic, key, v));
            }
            p.flush();
        }
    }

    static <K> List<ConsumerRecord<K, byte[]>> consume(String bootstrap, String topic, int expected, org.apache.kafka.common.serialization.Deserializer<K> keys) {
        Map<String, Object> conf = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<K, byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (KafkaConsumer<K, byte[]> c = new KafkaConsumer<>(conf, keys, new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // One more poll: anything beyond the expected count would be a duplicate.
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

}
