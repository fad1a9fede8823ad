package io.surprisal.stream;

import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.surprisal.stream.DetectorTopologyTest.T0;
import static io.surprisal.stream.DetectorTopologyTest.point;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NewSeriesAdmissionTest {
    @TempDir
    Path stateDir;

    @Test
    void theCapCountsEachMinuteOfEventTimeAndAFuturePointDoesNotFreezeIt() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: cap1\nmaxNewSeriesPerMinute: 2\n");
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            var t = RecordFailuresTest.topics(d);
            long future = System.currentTimeMillis() + 23 * 3_600_000L;
            t.in().pipeInput(null, point("from-the-future", future, 1)); // takes a place in its own minute only
            long minute = Math.floorDiv(T0, 60_000L) * 60_000L;
            for (int i = 0; i < 4; i++) {
                t.in().pipeInput(null, point("a" + i, minute + i * 1_000L, 1));
            }
            t.in().pipeInput(null, point("a0", minute + 5_000L, 2)); // not new any more
            for (int i = 0; i < 3; i++) {
                t.in().pipeInput(null, point("b" + i, minute + 60_000L + i, 1)); // the next minute
            }
            List<String> scored = t.scores().readRecordsToList().stream().map(TestRecord::key).toList();
            assertEquals(List.of("from-the-future", "a0", "a1", "a0", "b0", "b1"), scored);
            List<String> refused = t.dead().readRecordsToList().stream()
                    .map(r -> new String(r.key()) + ":" + DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
            assertEquals(List.of("a2:series-limit", "a3:series-limit", "b2:series-limit"), refused);
            // The counts are in a changelogged store: a rebalance or restart takes them along.
            KeyValueStore<Long, Integer> counts = d.getKeyValueStore(DetectorTopology.ADMISSION_STORE);
            assertEquals(2, counts.get(Math.floorDiv(T0, 60_000L)));
            assertEquals(1, counts.get(Math.floorDiv(future, 60_000L)));
        }
    }
}
