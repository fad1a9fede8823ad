package io.surprisal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.embedded.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class SimulateCommandIT {
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void producesEveryPointKeyedBySeriesAndWritesTheGroundTruth(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("anomalies.csv");
        String topic = kafka.claim("sim-points");
        kafka.createTopics(4, topic);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--series", "8", "--points-per-series", "1000", "--seed", "3", "--anomalies-out", csv.toString());

        assertEquals(0, exit);
        assertTrue(out.toString().startsWith("simulated points=8000 series=8 anomalies="), out.toString());
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 8000);
        assertEquals(8000, records.size());
        for (ConsumerRecord<byte[], byte[]> record : records.subList(0, 50)) {
            JsonNode point = JSON.readTree(record.value());
            assertEquals(new String(record.key(), StandardCharsets.UTF_8), point.get("series").asText());
            assertTrue(point.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), point.toString());
            assertTrue(point.get("value").isNumber(), point.toString());
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("series,kind,start_ts,end_ts", lines.get(0));
        assertTrue(lines.size() > 1, "1,000 points per series leave room for anomalies");
    }

    /** --start now stamps points with the wall clock as it goes, so a restart never replays old timestamps. */
    @Test
    void liveStartStampsPointsWithTheWallClockAndReportsProgress(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("simulate.status");
        String topic = kafka.claim("live-points");
        kafka.createTopics(1, topic);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        Instant before = Instant.now();

        int exit = cli.execute("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--series", "3", "--start", "now", "--interval", "1s", "--points-per-series", "3",
                "--progress-every", "1s", "--status-file", status.toString());

        Instant after = Instant.now();
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith("simulated points=9 series=3"), out.toString());
        assertTrue(err.toString().contains("simulate: sent="), "a progress line: " + err);
        assertTrue(Files.readString(status).startsWith("simulate: sent="));
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 9);
        assertEquals(9, records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Instant ts = Instant.parse(JSON.readTree(record.value()).get("ts").asText());
            assertTrue(!ts.isBefore(before.minusSeconds(2)) && !ts.isAfter(after), ts + " within the run " + before + ".." + after);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "simulate-it-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
