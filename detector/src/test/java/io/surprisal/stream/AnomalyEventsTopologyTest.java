package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

/** The events topic through the whole topology: one incident per anomaly, keyed by series, opened then closed. */
class AnomalyEventsTopologyTest {
    static final long MINUTE = 60_000;
    static final String WITH_EVENTS = """
            applicationId: ev
            topics:
              events: anomaly-events
            events:
              updateEvery: PT10M
              closeAfter: 10
            """;

    @TempDir
    Path stateDir;
    final List<AnomalyEvent> seen = new ArrayList<>();
    final DetectorEvents listener = new DetectorEvents() {
        @Override
        public void anomalyEvent(AnomalyEvent event) {
            seen.add(event);
        }
    };

    TopologyTestDriver driver(TopologySpec spec) {
        Properties props = DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of());
        return new TopologyTestDriver(DetectorTopology.build(spec, listener, ModelDocument.generic()), props);
    }

    static List<KeyValue<String, AnomalyEvent>> events(TopologyTestDriver d) throws Exception {
        List<KeyValue<String, AnomalyEvent>> out = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : d.createOutputTopic("anomaly-events", new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList()) {
            out.add(KeyValue.pair(kv.key, AnomalyEventJson.read(kv.value)));
        }
        return out;
    }

    @Test
    void aSpikeOpensOneIncidentThatClosesAfterQuietPoints() throws Exception {
        try (TopologyTestDriver d = driver(TopologySpec.parse(WITH_EVENTS))) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < 600; i++) {
                in.pipeInput(null, point("plant/s0", T0 + i * MINUTE, valueOf(0, i)));
            }
            List<KeyValue<String, AnomalyEvent>> events = events(d);
            assertFalse(events.isEmpty(), "the spike at point 500 opened an incident");
            assertTrue(events.stream().allMatch(kv -> kv.key.equals("plant/s0")), "keyed by series");
            AnomalyEvent opened = events.get(0).value;
            assertTrue(opened.opened(), "the first record opens it: " + opened);
            assertEquals(T0 + 500 * MINUTE, opened.start(), "opened on the spike");
            AnomalyEvent last = events.get(events.size() - 1).value;
            assertTrue(last.closed(), "closed within the 99 points after it: " + last);
            assertEquals(opened.start(), last.start());
            assertTrue(last.end() >= last.start() && last.updated() - last.end() == 10 * MINUTE,
                    "closed on the 10th quiet point after the last anomalous one: " + last);
            assertNotNull(last.peak().model());
            assertTrue(last.peak().score() >= 0.8);
            assertEquals(1, events.stream().filter(kv -> kv.value.opened()).count(), "one incident");
            assertEquals(events.stream().map(kv -> kv.value).toList(), seen, "the listener heard every record");
            // Every record written is one the scores' anomaly flags call for: no update within 10 minutes of another.
            for (int i = 1; i < events.size() - 1; i++) {
                assertTrue(events.get(i).value.updated() - events.get(i - 1).value.updated() >= 10 * MINUTE);
            }
        }
    }

    @Test
    void withoutAnEventsTopicThereIsNoIncidentStoreAndNoEvent() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: ev\n");
        assertFalse(DetectorTopology.build(spec, listener, ModelDocument.generic()).describe().toString()
                .contains(DetectorTopology.INCIDENT_STORE));
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < 600; i++) {
                in.pipeInput(null, point("plant/s0", T0 + i * MINUTE, valueOf(0, i)));
            }
            assertTrue(events(d).isEmpty());
            assertTrue(seen.isEmpty());
        }
    }

    @Test
    void aSeriesThatStopsSendingIsClosedWhenItExpires() throws Exception {
        TopologySpec spec = TopologySpec.parse(WITH_EVENTS + "idleExpiry: PT2H\nidleExpiryCheck: PT1M\n");
        try (TopologyTestDriver d = driver(spec)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("points", new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i <= 500; i++) {
                in.pipeInput(null, point("plant/s0", T0 + i * MINUTE, valueOf(0, i)));
            }
            assertTrue(events(d).get(0).value.opened());
            // Another series moves stream time three hours on; the spiking one says nothing more.
            for (int i = 0; i < 200; i++) {
                in.pipeInput(null, point("plant/s1", T0 + (500 + i) * MINUTE, valueOf(1, i)));
            }
            d.advanceWallClockTime(Duration.ofMinutes(1));
            List<KeyValue<String, AnomalyEvent>> events = events(d);
            assertEquals(1, events.size(), events.toString());
            AnomalyEvent closed = events.get(0).value;
            assertTrue(closed.closed());
            assertEquals("plant/s0", closed.series());
            assertEquals(T0 + 500 * MINUTE, closed.end());
        }
    }
}
