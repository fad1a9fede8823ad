package io.surprisal.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * input.seriesTemplate and input.headerTags fuzzed through the whole topology: whatever the template's fields hold
 * (text, numbers, null, objects, arrays, nothing) and whatever bytes the header carries, a record is scored under
 * the id the template renders or dead-lettered as missing-series or bad-series, never an internal error.
 */
class SeriesTemplateFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FuzzTopology fuzz;

    @BeforeProperty
    void start() throws Exception {
        fuzz = new FuzzTopology("template", "{seriesTemplate: \"{device}/{m.name}\", headerTags: [plant]}");
    }

    @AfterProperty
    void stop() throws Exception {
        fuzz.close();
    }

    @Property(tries = 300)
    void aRecordIsScoredUnderItsTemplatedIdOrDeadLetteredForItsSeries(@ForAll("fieldValues") Object device,
                                                                       @ForAll("fieldValues") Object metric,
                                                                       @ForAll byte[] plant) throws Exception {
        ObjectNode record = JSON.createObjectNode();
        put(record, "device", device);
        if (metric != ABSENT) {
            put(record.putObject("m"), "name", metric);
        }
        record.put("ts", Instant.ofEpochMilli(FuzzTopology.NOW - 3_600_000).toString());
        record.put("value", 1.5);
        RecordHeaders headers = new RecordHeaders();
        headers.add("plant", plant);

        FuzzTopology.Outcomes o = fuzz.send(JSON.writeValueAsBytes(record), headers);

        boolean renderable = isText(device) && isText(metric);
        if (renderable) {
            String id = device + "/" + metric;
            boolean fits = id.length() <= PointParser.MAX_SERIES_LENGTH && !id.isEmpty();
            if (fits && o.parseDead().isEmpty()) {
                // Scored, or (every try is stamped the same minute) a duplicate of an id seen before: keyed by the id either way.
                String key = o.scores().isEmpty()
                        ? new String(o.detectDead().get(0).key(), java.nio.charset.StandardCharsets.UTF_8) : o.scores().get(0).key();
                assertEquals(id, key);
            }
        } else {
            assertEquals(1, o.parseDead().size(), "a record without a usable field is one dead letter");
            String reason = DeadLetters.header(o.parseDead().get(0).headers(), DeadLetters.REASON);
            assertTrue(reason.equals("missing-series") || reason.equals("bad-series"), reason);
        }
    }

    private static final Object ABSENT = new Object();

    @Provide
    Arbitrary<Object> fieldValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(0).ofMaxLength(200).map(s -> (Object) s),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, null, ABSENT, JSON.createObjectNode(), JSON.createArrayNode().add(1)));
    }

    private static boolean isText(Object v) {
        return v instanceof String || v instanceof Integer || v instanceof Boolean;
    }

    private static void put(ObjectNode node, String field, Object v) {
        if (v == ABSENT) {
            return;
        }
        node.set(field, JSON.valueToTree(v));
    }
}
