package io.surprisal.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class EmbeddedKafkaIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;

    // Its own broker, not SharedKafka: this class tests the broker itself (its start, settings, close and restart).
    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void transactionalRecordsAreReadCommittedAndAbortedOnesAreNot() {
        String topic = uniqueTopic();
        kafka.createTopics(3, topic);

        try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "committed-a", 10);
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "key" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
            sendInTransaction(producer, topic, "committed-b", 10);
        }

        List<ConsumerRecord<String, String>> records = readCommitted(kafka, topic, 20);
        assertEquals(20, records.size());
        assertTrue(records.stream().allMatch(r -> r.value().startsWith("committed-")), "no aborted record is visible");
    }

    @Test
    void anExactlyOnceV2StreamsApplicationCountsEveryRecordOnce(@TempDir Path stateDir) {
        String input = uniqueTopic();
        String output = uniqueTopic();
        kafka.createTopics(2, input, output);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count()
                .toStream()
                .mapValues(String::valueOf)
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-" + UUID.randomUUID());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), config);
             KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
            streams.start();
            producer.initTransactions();
            sendInTransaction(producer, input, "v", 10);
            sendInTransaction(producer, input, "v", 10);

            List<ConsumerRecord<String, String>> counts = readCommitted(kafka, output, 20);
            assertEquals(20, counts.size());
            Map<String, String> last = new HashMap<>();
            counts.forEach(r -> last.put(r.key(), r.value()));
            assertEquals(10, last.size());
            assertTrue(last.values().stream().allMatch("2"::equals), last.toString());
            assertEquals(KafkaStreams.State.RUNNING, streams.state());
        }
    }

    @Test
    void recordsStampedFarFromTheWallClockAreKept() throws Exception {
        String topic = uniqueTopic();
        kafka.createTopics(1, topic);
        long future = Instant.now().plus(Duration.ofDays(400)).toEpochMilli();
        long past = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();

        try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, future, "k", "future"));
            producer.send(new ProducerRecord<>(topic, 0, past, "k", "past"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = readCommitted(kafka, topic, 2);
        assertEquals(List.of(future, past), records.stream().map(ConsumerRecord::timestamp).toList());
    }

    @Test
    void brokerPropertiesOverrideTheEmbeddedDefaults() throws Exception {
        try (EmbeddedKafka custom = EmbeddedKafka.builder().brokerProperty("auto.create.topics.enable", "false").start();
             Admin admin = admin(custom)) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            assertEquals("false", config.get("auto.create.topics.enable").value());
            assertEquals("1", config.get("transaction.state.log.min.isr").value());
        }
    }

    @Test
    void compactedTopicsHaveTheCompactCleanupPolicy() throws Exception {
        String topic = uniqueTopic();
        kafka.createCompactedTopics(1, topic);

        try (Admin admin = admin(kafka)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("compact", config.get("cleanup.policy").value());
        }
    }

    @Test
    void transactionsVersion2IsEnabledForExactlyOnceV2() throws Exception {
        try (Admin admin = admin(kafka)) {
            var finalized = admin.describeFeatures().featureMetadata().get().finalizedFeatures();
            assertTrue(finalized.get("transaction.version").maxVersionLevel() >= 2, finalized.toString());
        }
    }

    @Test
    void aSecondBrokerInTheSameJvmListensOnOtherPorts() {
        try (EmbeddedKafka second = EmbeddedKafka.start()) {
            assertNotEquals(kafka.bootstrapServers(), second.bootstrapServers());
            String topic = uniqueTopic();
            second.createTopics(1, topic);
            try (KafkaProducer<String, String> producer = transactionalProducer(second)) {
                producer.initTransactions();
                sendInTransaction(producer, topic, "second", 3);
            }
            assertEquals(3, readCommitted(second, topic, 3).size());
        }
    }

    @Test
    void closeDeletesTheTemporaryLogDirectory() {
        EmbeddedKafka broker = EmbeddedKafka.start();
        Path logDir = broker.logDir();
        assertTrue(Files.isDirectory(logDir));
        broker.close();
        assertFalse(Files.exists(logDir));
    }

    @Test
    void aBrokerRestartedOnItsLogDirectoryAndPortKeepsItsRecords(@TempDir Path logDir) throws Exception {
        int port = freePort();
        String topic = uniqueTopic();
        try (EmbeddedKafka first = EmbeddedKafka.builder().logDir(logDir).port(port).start()) {
            assertEquals("127.0.0.1:" + port, first.bootstrapServers());
            first.createTopics(2, topic);
            try (KafkaProducer<String, String> producer = transactionalProducer(first)) {
                producer.initTransactions();
                sendInTransaction(producer, topic, "kept", 4);
            }
        }
        assertTrue(Files.isDirectory(logDir), "a chosen log directory survives close");

        try (EmbeddedKafka again = EmbeddedKafka.builder().logDir(logDir).port(port).start()) {
            assertEquals(4, readCommitted(again, topic, 4).size());
        }
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String prefix, int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "key" + i, prefix + "-" + i));
        }
        producer.commitTransaction();
    }

    /** Polls until {@code expected} records arrived or the deadline passed, then a little longer to catch extras. */
    private static List<ConsumerRecord<String, String>> readCommitted(EmbeddedKafka broker, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka broker) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Admin admin(EmbeddedKafka broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static String uniqueTopic() {
        return "topic-" + UUID.randomUUID();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
