package io.surprisal.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/** Formats a log directory for a KRaft node, as {@code kafka-storage.sh format} does. */
final class EmbeddedKafkaStorage {

    private EmbeddedKafkaStorage() {
    }

    /**
     * Writes meta.properties and the bootstrap metadata into {@code logDir}. A directory that is already
     * formatted is left as it is, so a broker restarted on the same directory keeps its topics.
     */
    static void formatUnlessFormatted(Path logDir) throws Exception {
        // The Formatter's own "ignore formatted" still insists on the same cluster id, which a restart
        // does not know; meta.properties is what marks a formatted directory.
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(EmbeddedKafkaSettings.NODE_ID)
                .setControllerListenerName(EmbeddedKafkaSettings.CONTROLLER_LISTENER)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                // The latest production metadata version finalizes transaction.version 2 (KIP-890),
                // the server side of exactly-once v2 in Kafka 4.
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .run();
    }
}
