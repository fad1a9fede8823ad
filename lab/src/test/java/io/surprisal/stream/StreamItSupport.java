package io.surprisal.stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/** Producing, consuming and watching an application on the embedded broker, for the stream ITs. */
final class StreamItSupport {
    private StreamItSupport() {
    }

    /** One record to send: key and value may be null; the record timestamp is explicit. */
    record Input(byte[] key, byte[] value, long timestamp) {
    }

    /** Sends in order, waits for every acknowledgement, and returns where each record landed. */
    static List<RecordMetadata> produce(String bootstrap, String topic, List<Input> inputs) throws Exception {
        return produce(bootstrap, topic, inputs, Map.of());
    }

    /** As {@link #produce(String, String, List)}, with more producer settings (e.g. a larger max.request.size). */
    static List<RecordMetadata> produce(String bootstrap, String topic, List<Input> inputs, Map<String, Object> more) throws Exception {
        Map<String, Object> conf = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5));
        conf.putAll(more);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Input in : inputs) {
                sent.add(p.send(new ProducerRecord<>(topic, null, in.timestamp(), in.key(), in.value())));
            }
            p.flush();
        }
        List<RecordMetadata> out = new ArrayList<>();
        for (Future<RecordMetadata> f : sent) {
            out.add(f.get());
        }
        return out;
    }

    /**
     * Reads a topic from the start with read_committed until {@code expected} records arrived or the
     * deadline passed, then polls once more so that anything beyond the expected count shows up too.
     */
    static <K> List<ConsumerRecord<K, byte[]>> consume(String bootstrap, String topic, int expected, Deserializer<K> keys,
                                                        Duration deadline) {
        return consume(bootstrap, topic, expected, keys, deadline, "read_committed");
    }

    static <K> List<ConsumerRecord<K, byte[]>> consume(String bootstrap, String topic, int expected, Deserializer<K> keys,
                                                        Duration deadline, String isolation) {
        Map<String, Object> conf = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<K, byte[]>> out = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        try (KafkaConsumer<K, byte[]> c = new KafkaConsumer<>(conf, keys, new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (out.size() < expected && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    /** Every state change after the application first reached RUNNING. */
    static final class StateWatch implements KafkaStreams.StateListener {
        private final List<String> changesAfterRunning = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean reachedRunning;

        @Override
        public void onChange(KafkaStreams.State now, KafkaStreams.State before) {
            if (reachedRunning) {
                changesAfterRunning.add(before + "->" + now);
            }
            if (now == KafkaStreams.State.RUNNING) {
                reachedRunning = true;
            }
        }

        boolean reachedRunning() {
            return reachedRunning;
        }

        List<String> changesAfterRunning() {
            synchronized (changesAfterRunning) {
                return List.copyOf(changesAfterRunning);
            }
        }
    }
}
