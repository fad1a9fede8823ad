package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.surprisal.stream.DetectorTopologyTest.T0;
import static io.surprisal.stream.DetectorTopologyTest.point;
import static io.surprisal.stream.DetectorTopologyTest.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controls topic through the whole topology: thresholds, deviation minimums and mutes change the final
 * {@code anomaly} flag (never the score), for the score record, the incidents and the metrics alike.
 * The series of {@link DetectorTopologyTest#valueOf} spike at point 500, which the generic model flags.
 */
class ControlsTopologyTest {
    static final long MINUTE = 60_000;
    static final int SPIKE = 500;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WITH_CONTROLS = """
            applicationId: ctl
            topics:
              events: anomaly-events
              controls: surprisal-controls
            """;

    @TempDir
    Path stateDir;
    final Map<String, Integer> counted = new HashMap<>();
    final List<AnomalyEvent> events = new ArrayList<>();
    final DetectorEvents listener = new DetectorEvents() {
        @Override
        public void controlled(SeriesControl.Verdict verdict) {
            counted.merge(verdict.name(), 1, Integer::sum);
        }

        @Override
        public void controlRejected(String reason) {
            counted.merge("rejected:" + reason, 1, Integer::sum);
        }

        @Override
        public void anomalyEvent(AnomalyEvent event) {
            events.add(event);
        }
    };

    TopologyTestDriver driver(TopologySpec spec) {
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of());
        return new TopologyTestDriver(DetectorTopology.build(spec, listener, ModelDocument.generic()), props);
    }

    static void control(TopologyTestDriver d, String key, String json) {
        TestInputTopic<String, byte[]> controls = d.createInputTopic("surprisal-controls", new StringSerializer(), new ByteArraySerializer());
        controls.pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    static void points(TopologyTestDriver d, String series, int n) {
        TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
        for (int i = 0; i < n; i++) {
            in.pipeInput(null, point(series, T0 + i * MINUTE, valueOf(0, i)));
        }
    }

    /** The scores written, by series, in order. */
    static Map<String, List<JsonNode>> scores(TopologyTestDriver d) throws Exception {
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (KeyValue<String, byte[]> kv : d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList()) {
            out.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(JSON.readTree(kv.value));
        }
        return out;
    }

    static long flagged(List<JsonNode> scores) {
        return scores.stream().filter(s -> s.get("anomaly").asBoolean()).count();
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    @Test
    void withoutControlsTheScoresAreByteForByteAsWithoutTheTopic() throws Exception {
        TopologySpec plain = TopologySpec.parse("applicationId: ctl\n");
        TopologySpec controlled = TopologySpec.parse("applicationId: ctl\ntopics:\n  controls: surprisal-controls\n");
        assertFalse(DetectorTopology.build(plain, listener, ModelDocument.generic()).describe().toString()
                .contains(DetectorTopology.CONTROL_STORE), "no controls topic, no controls store");
        List<byte[]> before;
        List<byte[]> after;
        try (TopologyTestDriver d = driver(plain)) {
            points(d, "plant/s0", 600);
            before = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList();
        }
        try (TopologyTestDriver d = driver(controlled)) {
            control(d, "other/*", "{\"muteUntil\":\"2099-01-01T00:00:00Z\"}"); // matches nothing here
            points(d, "plant/s0", 600);
            after = d.createOutputTopic("scores", new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList();
        }
        assertEquals(600, before.size());
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(new String(before.get(i), StandardCharsets.UTF_8), new String(after.get(i), StandardCharsets.UTF_8));
        }
        assertTrue(counted.isEmpty(), counted.toString());
    }

    @Test
    void theControlsTopicIsATopicOfItsOwn() throws Exception {
        assertFalse(TopologySpec.parse("applicationId: ctl\n").readsControls(), "no controls by default");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TopologySpec.parse("topics:\n  events: ev\n  controls: ev\n"));
        assertTrue(e.getMessage().contains("topics.controls"), e.getMessage());
        assertTrue(TopologySpec.parse(WITH_CONTROLS).readsControls());
    }

    @Test
    void aMuteKeepsTheScoreButNotTheFlagAndOpensNoIncident() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_CONTROLS))) {
            control(d, "plant/s0", "{\"muteUntil\":\"" + iso(T0 + 600 * MINUTE) + "\",\"reason\":\"maintenance\"}");
            points(d, "plant/s0", 600);
            points(d, "plant/s1", 600);
            Map<String, List<JsonNode>> scores = scores(d);
            JsonNode muted = scores.get("plant/s0").get(SPIKE);
            JsonNode free = scores.get("plant/s1").get(SPIKE);
            assertTrue(free.get("anomaly").asBoolean(), "the unmuted twin is flagged: " + free);
            assertFalse(muted.get("anomaly").asBoolean(), muted.toString());
            assertTrue(muted.get("muted").asBoolean(), muted.toString());
            assertEquals(free.get("score").asDouble(), muted.get("score").asDouble(), "the detector's score is kept");
            assertFalse(free.has("muted"), "no muted field on a point no mute touched");
            assertEquals(0, flagged(scores.get("plant/s0")));
            assertTrue(counted.get("MUTED") >= 1, counted.toString());
            assertTrue(events.stream().noneMatch(e -> e.series().equals("plant/s0")), "no incident for the muted series");
            assertTrue(events.stream().anyMatch(e -> e.series().equals("plant/s1") && e.opened()));
        }
    }

    @Test
    void aMuteThatEndedBeforeThePointChangesNothing() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_CONTROLS))) {
            control(d, "plant/s0", "{\"muteUntil\":\"" + iso(T0 + SPIKE * MINUTE) + "\"}"); // ends at the spike: not before it
            points(d, "plant/s0", 600);
            JsonNode spike = scores(d).get("plant/s0").get(SPIKE);
            assertTrue(spike.get("anomaly").asBoolean(), spike.toString());
            assertFalse(spike.has("muted"));
        }
    }

    @Test
    void theSeriesOwnControlWinsOverTheLongestPrefixWhichWinsOverShorterOnes() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_CONTROLS))) {
            String forever = "{\"muteUntil\":\"2099-01-01T00:00:00Z\"}";
            control(d, "plant/*", forever);
            control(d, "plant/a/*", "{\"threshold\":0.5}");
            control(d, "plant/a/s0", forever);
            points(d, "plant/a/s0", 600); // its own: muted
            points(d, "plant/a/s1", 600); // plant/a/*: not muted
            points(d, "plant/b/s0", 600); // plant/*: muted
            Map<String, List<JsonNode>> scores = scores(d);
            assertEquals(0, flagged(scores.get("plant/a/s0")));
            assertTrue(scores.get("plant/a/s1").get(SPIKE).get("anomaly").asBoolean());
            assertEquals(0, flagged(scores.get("plant/b/s0")));
        }
    }

    @Test
    void aControlThresholdMovesTheFlagBothWays() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_CONTROLS))) {
            points(d, "plant/s0", 600);
            List<JsonNode> base = scores(d).get("plant/s0");
            double spikeScore = base.get(SPIKE).get("score").asDouble();
            control(d, "plant/s1", "{\"threshold\":" + Math.nextUp(spikeScore) + "}");
            control(d, "plant/s2", "{\"threshold\":0}"); // every point past warm-up
            points(d, "plant/s1", 600);
            points(d, "plant/s2", 600);
            Map<String, List<JsonNode>> scores = scores(d);
            assertFalse(scores.get("plant/s1").get(SPIKE).get("anomaly").asBoolean(), "just above the spike's score");
            long pastWarmup = scores.get("plant/s2").stream().filter(s -> !s.get("warmup").asBoolean()).count();
            assertTrue(pastWarmup > 0);
            assertEquals(pastWarmup, flagged(scores.get("plant/s2")));
            assertFalse(counted.containsKey("MUTED"), "a threshold mutes nothing: " + counted);
        }
    }

    @Test
    void deviationMinimumsHoldBackSmallDeviations() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_CONTROLS))) {
            control(d, "plant/s0", "{\"minAbsoluteDeviation\":1000}");
            control(d, "plant/s1", "{\"minRelativeDeviation\":100}");
            control(d, "plant/s2", "{\"minAbsoluteDeviation\":1,\"minRelativeDeviation\":0.1}"); // the 40 spike is both
            points(d, "plant/s0", 600);
            points(d, "plant/s1", 600);
            points(d, "plant/s2", 600);
            Map<String, List<JsonNode>> scores = scores(d);
            assertEquals(0, flagged(scores.get("plant/s0")));
            assertEquals(0, flagged(scores.get("plant/s1")));
            assertTrue(scores.get("plant/s2").get(SPIKE).get("anomaly").asBoolean());
            assertFalse(scores.get("plant/s0").get(SPIKE).has("muted"), "held back is not muted");
            assertTrue(counted.get("HELD_BACK") >= 2, counted.toString());
        }
    }

    @Test
    void aTombstoneRemovesTheControl() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_CONTROLS))) {
            control(d, "plant/*", "{\"muteUntil\":\"2099-01-01T00:00:00Z\"}");
            control(d, "plant/*", null);
            points(d, "plant/s0", 600);
            assertTrue(scores(d).get("plant/s0").get(SPIKE).get("anomaly").asBoolean());
            assertFalse(counted.containsKey("MUTED"));
        }
    }

    @Test
    void badControlRecordsAreCountedAndNeverStopTheTopology() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_CONTROLS))) {
            control(d, null, "{\"muteUntil\":\"2099-01-01T00:00:00Z\"}");
            control(d, "", "{\"threshold\":0.9}");
            control(d, "pl*nt/s0", "{\"threshold\":0.9}");
            control(d, "plant/s0", "not json");
            control(d, "plant/s0", "[1,2]");
            control(d, "plant/s0", "{\"treshold\":0.9}");
            control(d, "plant/s0", "{\"threshold\":\"high\"}");
            control(d, "plant/s0", "{\"threshold\":-1}");
            control(d, "plant/s0", "{\"muteUntil\":\"tomorrow\"}");
            control(d, "plant/s0", "{\"muteUntil\":17}");
            assertEquals(10, counted.get("rejected:malformed"), counted.toString());
            control(d, "plant/s1", "{\"muteUntil\":\"2099-01-01T00:00:00Z\"}"); // a good one after them still applies
            points(d, "plant/s0", 600);
            points(d, "plant/s1", 600);
            Map<String, List<JsonNode>> scores = scores(d);
            assertTrue(scores.get("plant/s0").get(SPIKE).get("anomaly").asBoolean(), "no bad record took effect");
            assertTrue(scores.get("plant/s1").get(SPIKE).get("muted").asBoolean());
            assertNotNull(d.getKeyValueStore(DetectorTopology.CONTROL_STORE).get("plant/s1"));
            assertEquals(1, d.getKeyValueStore(DetectorTopology.CONTROL_STORE).approximateNumEntries());
        }
    }
}
