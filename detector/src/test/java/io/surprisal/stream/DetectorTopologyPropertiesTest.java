package io.surprisal.stream;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployment defaults the stream application starts from, and that a user's client settings win over them. */
class DetectorTopologyPropertiesTest {
    private static final String COMPRESSION = StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);

    @Test
    void producerBatchesAreCompressedWithLz4(@TempDir Path dir) {
        Properties p = DetectorTopology.properties(new TopologySpec(), "localhost:9092", dir, Map.of());
        assertEquals("lz4", p.get(COMPRESSION));
        assertEquals(256 * 1024, p.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG)));
    }

    @Test
    void aTaskOfOnePartitionNeverIdlesButOneMergingTwoDoes(@TempDir Path dir) throws Exception {
        Properties single = DetectorTopology.properties(new TopologySpec(), "localhost:9092", dir, Map.of());
        assertEquals(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED, single.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        TopologySpec rekeying = TopologySpec.parse("applicationId: r1\ninput:\n  keyIsSeries: true\n  onKeyMismatch: repartition\n");
        Properties merged = DetectorTopology.properties(rekeying, "localhost:9092", dir, Map.of());
        assertEquals(null, merged.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    }

    /** A stream thread commits only between polls: an empty poll must not hold the last points' commit for long. */
    @Test
    void anEmptyPollBlocksForAFractionOfTheCommitInterval(@TempDir Path dir) throws Exception {
        for (String guarantee : new String[] {"exactly_once_v2", "at_least_once"}) {
            TopologySpec spec = TopologySpec.parse("applicationId: p1\nguarantee: " + guarantee + "\n");
            StreamsConfig config = new StreamsConfig(DetectorTopology.properties(spec, "localhost:9092", dir, Map.of()));
            long pollMs = config.getLong(StreamsConfig.POLL_MS_CONFIG);
            long commitMs = config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
            assertTrue(pollMs * 5 <= commitMs, guarantee + ": poll.ms " + pollMs + " against a commit interval of " + commitMs);
        }
    }

    @Test
    void theUsersClientSettingsWin(@TempDir Path dir) {
        Properties p = DetectorTopology.properties(new TopologySpec(), "localhost:9092", dir, Map.of(COMPRESSION, "none"));
        assertEquals("none", p.get(COMPRESSION));
    }

    /**
     * The partition assignor reads the main consumer's settings as a StreamsConfig of its own: without the global
     * thread's handler setting among them it warned at every start that the handler was not enabled.
     */
    @Test
    void theGlobalThreadsHandlerSettingReachesThePartitionAssignor(@TempDir Path dir) {
        StreamsConfig config = new StreamsConfig(DetectorTopology.properties(new TopologySpec(), "localhost:9092", dir, Map.of()));
        Map<String, Object> assignorSees = config.getMainConsumerConfigs("group", "client", 0);
        assertEquals(true, new StreamsConfig(assignorSees).getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
    }
}
