package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import io.surprisal.embedded.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output topics that accept timestamps at most an hour old, under exactly-once: points whose record timestamps are
 * two days old (a backfill, or an instance that lagged) would each abort the transaction that carries them, and the
 * task would fail on them for ever. Stamped with the time they are processed, they are scored and dead-lettered as any
 * other record, and the scores keep the points' own times.
 */
@Timeout(180)
class TimestampLimitsIT {
    private static final long HOUR = 3_600_000L;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();

    private static void createLimited(Admin admin, String topic, long beforeMaxMs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.toString(beforeMaxMs))))).all().get();
    }

    @Test
    void oldRecordsAreScoredAndDeadLetteredUnderExactlyOnceWhenTheOutputsRefuseTheirTimestamps() throws Exception {
        String name = kafka.claim("limits");
        TopologySpec spec = TopologySpec.parse("""
                applicationId: %1$s
                topics: {points: %2$s-points, scores: %2$s-scores, deadLetters: %2$s-dead, models: %2$s-models}
                """.formatted(kafka.claim("it-limits"), name));
        assertTrue(spec.exactlyOnce());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            createLimited(admin, spec.topics.scores, HOUR);
            createLimited(admin, spec.topics.deadLetters, HOUR);
        }
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 1, (short) 1);

        long started = System.currentTimeMillis();
        long old = started - 48 * HOUR;
        List<StreamItSupport.Input> inputs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] point = ("{\"series\":\"backfill\",\"ts\":\"" + Instant.ofEpochMilli(old + i * 60_000L) + "\",\"value\":" + (10 + i) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            inputs.add(new StreamItSupport.Input(null, point, old + i * 60_000L));
        }
        byte[] malformed = "{not json".getBytes(StandardCharsets.UTF_8);
        inputs.add(new StreamItSupport.Input(null, malformed, old));
        StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, inputs);

        try (DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), Map.of(), dir.resolve("state"),
                DetectorEvents.NONE, ModelDocument.generic(), new HostInfo("localhost", 0))) {
            app.start();
            List<ConsumerRecord<String, byte[]>> scores = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, 5,
                    new StringDeserializer(), Duration.ofSeconds(60));
            List<ConsumerRecord<byte[], byte[]>> dead = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.deadLetters, 1,
                    new ByteArrayDeserializer(), Duration.ofSeconds(30));
            assertEquals(5, scores.size(), "every point scored, none twice");
            for (int i = 0; i < 5; i++) {
                ConsumerRecord<String, byte[]> s = scores.get(i);
                assertTrue(s.timestamp() >= started, "stamped with the time it was processed: " + s.timestamp());
                String json = new String(s.value(), StandardCharsets.UTF_8);
                assertTrue(json.contains("\"ts\":\"" + Instant.ofEpochMilli(old + i * 60_000L) + "\""), json);
            }
            assertEquals(1, dead.size());
            assertEquals("malformed-json", DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON));
            assertArrayEquals(malformed, dead.get(0).value());
            assertTrue(dead.get(0).timestamp() >= started);
            assertTrue(app.running(), "the stream thread never failed");
        }
    }

    @Test
    void theLimitsAreTheStrictestOfTheTopicsWrittenAndFollowAChange() throws Exception {
        String name = kafka.claim("limits-read");
        TopologySpec spec = TopologySpec.parse("""
                applicationId: %1$s
                topics: {points: %2$s-points, scores: %2$s-scores, deadLetters: %2$s-dead, models: %2$s-models, events: %2$s-events}
                """.formatted(kafka.claim("it-limits-read"), name));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            createLimited(admin, spec.topics.scores, 6 * HOUR);
            createLimited(admin, spec.topics.events, 2 * HOUR);
            // An internal topic of the application, as Kafka Streams names its changelogs.
            createLimited(admin, spec.applicationId + "-series-changelog", 4 * HOUR);
            DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 1, (short) 1);
            OutputTimestamps timestamps = OutputTimestamps.unlimited();
            try (TopicTimestampLimits limits = new TopicTimestampLimits(
                    Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers())), spec, timestamps)) {
                limits.refresh();
                assertEquals(2 * HOUR, timestamps.beforeMaxMs(), "the events topic is the strictest");
                ConfigResource changelog = new ConfigResource(ConfigResource.Type.TOPIC, spec.applicationId + "-series-changelog");
                admin.incrementalAlterConfigs(Map.of(changelog, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.toString(HOUR)),
                        AlterConfigOp.OpType.SET)))).all().get();
                limits.refresh();
                assertEquals(HOUR, timestamps.beforeMaxMs(), "a tightened changelog limit is followed");
                ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, spec.topics.events);
                admin.incrementalAlterConfigs(Map.of(events, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), AlterConfigOp.OpType.SET),
                        new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, "1"),
                                AlterConfigOp.OpType.SET)))).all().get();
                limits.refresh();
                assertEquals(HOUR, timestamps.beforeMaxMs(), "a LogAppendTime topic sets no limit");
            }
        }
    }
}
