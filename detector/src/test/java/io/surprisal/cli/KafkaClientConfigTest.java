package io.surprisal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaClientConfigTest {

    @Test
    void fileAndEnvironmentMergeWithTheEnvironmentWinning(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=from-file\n");
        Map<String, Object> conf = KafkaClientConfig.load(file, Map.of(
                "SURPRISAL_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cret\";",
                "SURPRISAL_KAFKA_SSL_TRUSTSTORE_PASSWORD", "hunter2",
                "HOME", "/root"));
        assertEquals("SASL_SSL", conf.get("security.protocol"));
        assertTrue(conf.get("sasl.jaas.config").toString().contains("PlainLoginModule"));
        assertEquals("hunter2", conf.get("ssl.truststore.password"));
        assertFalse(conf.containsKey("home"));
    }

    @Test
    void secretsNeverReachTheLogLine() {
        String line = KafkaClientConfig.describe(Map.of(
                "sasl.jaas.config", "PlainLoginModule required password=\"s3cret\";",
                "ssl.truststore.password", "hunter2",
                "ssl.key.password", "k",
                "security.protocol", "SASL_SSL"));
        assertFalse(line.contains("s3cret") || line.contains("hunter2") || line.contains("=k"), line);
        assertTrue(line.contains("security.protocol=SASL_SSL"), line);
    }
}
