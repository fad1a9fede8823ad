package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.embedded.SharedKafka;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.state.SeriesStateSerde;
import io.surprisal.stream.BadInputCorpus.Case;
import io.surprisal.stream.StreamItSupport.Input;
import io.surprisal.stream.StreamItSupport.StateWatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input corpus through the real topology on the embedded broker: every bad record lands in
 * the dead-letter topic with its reason, every good one is scored, and the application stays
 * RUNNING throughout. Also: idle series expire, and the new-series cap holds per task and minute.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class BadInputIT {
    static final Model GENERIC = ModelDocument.generic();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEADLINE = Duration.ofSeconds(40);
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();

    @TempDir
    Path tmp;

    static TopologySpec spec(String app, String extra) throws Exception {
        return TopologySpec.parse("applicationId: " + app + "\ntopics:\n  points: " + app + "-points\n  scores: " + app
                + "-scores\n  deadLetters: " + app + "-dead\n  models: " + app + "-models\n" + extra);
    }

    DetectorApp start(TopologySpec spec, int partitions, StateWatch watch) throws Exception {
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), partitions, (short) 1);
        DetectorApp app = new DetectorApp(spec, kafka.bootstrapServers(), Map.of(), tmp.resolve(spec.applicationId),
                DetectorEvents.NONE, GENERIC, new HostInfo("localhost", 0));
        app.addStateListener(watch);
        app.start();
        assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "RUNNING");
        return app;
    }

    static long pointTimeOrigin() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(12)).toEpochMilli();
    }

    /** Where a series' points are detected: the partition of the by-series repartition topic (murmur2 of the key). */
    static int taskOf(String series, int partitions) {
        return Utils.toPositive(Utils.murmur2(series.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndEveryGoodOneIsScored() throws Exception {
        int partitions = 2;
        int cap = 40;
        TopologySpec spec = spec(kafka.claim("it-corpus"), "maxNewSeriesPerMinute: " + cap + "\n");
        StateWatch watch = new StateWatch();
        try (DetectorApp app = start(spec, partitions, watch)) {
            Set<String> threadsAtStart = threadNames(app);
            long t0 = pointTimeOrigin();
            long recordTime = System.currentTimeMillis();

            // Phase one: the corpus. Phase two, once it is all out: a flood of new ids within the same minute.
            List<Case> corpus = new BadInputCorpus(t0).build();
            List<RecordMetadata> where = StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, inputs(corpus, recordTime));
            long scoredFirst = corpus.stream().filter(Case::scored).count();
            StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, (int) scoredFirst, new StringDeserializer(), DEADLINE);

            List<Case> flood = decideFlood(corpus, BadInputCorpus.flood(150, new BadInputCorpus(t0).iso(29)), partitions, cap);
            where = new ArrayList<>(where);
            where.addAll(StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, inputs(flood, recordTime + 1_000)));
            List<Case> all = new ArrayList<>(corpus);
            all.addAll(flood);

            long scored = all.stream().filter(Case::scored).count();
            var scores = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, (int) scored, new StringDeserializer(), DEADLINE);
            var dead = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.deadLetters, all.size() - (int) scored,
                    new ByteArrayDeserializer(), DEADLINE);

            Map<Case, List<String>> outcomes = outcomes(spec, all, where, scores, dead);
            String table = table(all, outcomes);
            System.out.println(table);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/bad-input-table.txt"), table);

            for (Case c : all) {
                List<String> got = outcomes.getOrDefault(c, List.of());
                assertEquals(List.of(c.expected()), got, c.kind() + ": " + abbreviate(c.value()));
            }
            assertEquals(all.size(), scores.size() + dead.size(), "one outcome per input record, nothing more");
            long kinds = all.stream().filter(c -> !c.scored()).map(Case::kind).distinct().count();
            assertTrue(kinds >= 25, "at least 25 kinds of bad input, had " + kinds);

            assertTrue(app.running(), "still RUNNING");
            assertEquals(List.of(), watch.changesAfterRunning(), "never left RUNNING");
            assertEquals(threadsAtStart, threadNames(app), "no stream thread died and was replaced");
        }
    }

    /** The flood's expected outcome: per task, the first (cap − series already seen there) new ids are admitted. */
    static List<Case> decideFlood(List<Case> corpus, List<Case> flood, int partitions, int cap) {
        // The cap counts new series per minute of event time (their first point's); the flood's points are all
        // in minute 29, where no series of the corpus starts, so each task admits the first `cap` of them.
        int[] seen = new int[partitions];
        int[] corpusSeries = new int[partitions];
        corpus.stream().map(Case::series).filter(s -> s != null).distinct().forEach(s -> corpusSeries[taskOf(s, partitions)]++);
        for (int t = 0; t < partitions; t++) {
            assertTrue(corpusSeries[t] <= cap, "the corpus alone must fit under the cap");
        }
        List<Case> out = new ArrayList<>();
        for (Case c : flood) {
            int t = taskOf(c.series(), partitions);
            String expected = ++seen[t] <= cap ? BadInputCorpus.SCORED : "series-limit";
            out.add(new Case(c.kind(), c.series(), c.key(), c.value(), expected, expected.equals(BadInputCorpus.SCORED) ? null : "detect"));
        }
        assertTrue(out.stream().anyMatch(Case::scored) && out.stream().anyMatch(c -> !c.scored()), "the flood must hit the cap");
        return out;
    }

    static List<Input> inputs(List<Case> cases, long firstTimestamp) {
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            out.add(new Input(cases.get(i).key(), cases.get(i).value(), firstTimestamp + i));
        }
        return out;
    }

    /** What became of each input: "scored", or the reason of its dead letter (checked for stage, source and bytes). */
    static Map<Case, List<String>> outcomes(TopologySpec spec, List<Case> all, List<RecordMetadata> where,
                                            List<ConsumerRecord<String, byte[]>> scores,
                                            List<ConsumerRecord<byte[], byte[]>> dead) throws Exception {
        Map<Case, List<String>> out = new HashMap<>();
        Map<String, Case> bySource = new HashMap<>();
        Map<String, Case> byPoint = new HashMap<>();
        PointParser parser = new PointParser(spec.input, System::currentTimeMillis);
        List<PointParser.ParsedPoint> parsed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Case c = all.get(i);
            bySource.put(where.get(i).partition() + "@" + where.get(i).offset(), c);
            if (c.scored()) {
                parser.parse(c.key(), c.value(), parsed);
                byPoint.put(pointKey(parsed.get(0).series(), parsed.get(0).ts(), parsed.get(0).value()), c);
            }
        }
        for (var r : scores) {
            JsonNode n = JSON.readTree(r.value());
            String series = n.get("series").asText();
            assertEquals(r.key(), series, "score key is the series id");
            Case c = byPoint.get(pointKey(series, Instant.parse(n.get("ts").asText()).toEpochMilli(),
                    Double.parseDouble(n.get("value").asText())));
            assertNotNull(c, "a score for a point that was never sent: " + n);
            out.computeIfAbsent(c, k -> new ArrayList<>()).add(BadInputCorpus.SCORED);
        }
        for (var r : dead) {
            String source = DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION) + "@"
                    + DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET);
            Case c = bySource.get(source);
            assertNotNull(c, "a dead letter for no input: " + source);
            assertEquals(spec.topics.points, DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC));
            assertEquals(c.stage(), DeadLetters.header(r.headers(), DeadLetters.STAGE), c.kind());
            assertTrue(!DeadLetters.header(r.headers(), DeadLetters.ERROR).isBlank(), "a readable error for " + c.kind());
            if ("parse".equals(c.stage())) {
                assertArrayEquals(c.value(), r.value(), "original bytes of " + c.kind());
                assertArrayEquals(c.key(), r.key(), "original key of " + c.kind());
            } else {
                JsonNode n = JSON.readTree(r.value()); // the point as the detector saw it
                assertEquals(c.series(), n.get("series").asText(), c.kind());
            }
            out.computeIfAbsent(c, k -> new ArrayList<>()).add(DeadLetters.header(r.headers(), DeadLetters.REASON));
        }
        return out;
    }

    static String pointKey(String series, long ts, double value) {
        return series + "|" + ts + "|" + Double.doubleToLongBits(value);
    }

    /** kind → outcome → count, in corpus order. */
    static String table(List<Case> all, Map<Case, List<String>> outcomes) {
        Map<String, Map<String, Integer>> rows = new LinkedHashMap<>();
        for (Case c : all) {
            for (String o : outcomes.getOrDefault(c, List.of("(nothing)"))) {
                rows.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(o, 1, Integer::sum);
            }
        }
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
        StringBuilder sb = new StringBuilder(String.format("%-" + width + "s  %-22s %s%n", "kind", "outcome (reason)", "count"));
        rows.forEach((kind, byOutcome) -> byOutcome.forEach((o, n) -> sb.append(String.format("%-" + width + "s  %-22s %d%n", kind, o, n))));
        Map<String, Long> totals = all.stream().collect(Collectors.groupingBy(Case::expected, TreeMap::new, Collectors.counting()));
        sb.append("totals by expected outcome: ").append(totals).append('\n');
        return sb.toString();
    }

    static Set<String> threadNames(DetectorApp app) {
        return app.streams().metadataForLocalThreads().stream().map(ThreadMetadata::threadName).collect(Collectors.toSet());
    }

    static String abbreviate(byte[] b) {
        if (b == null) {
            return "null";
        }
        String s = new String(b, StandardCharsets.UTF_8);
        return s.length() > 120 ? s.substring(0, 120) + "…(" + b.length + " bytes)" : s;
    }

    @Test
    void idleSeriesExpireAfterTheConfiguredTimeAndComeBackAsNew() throws Exception {
        TopologySpec spec = spec(kafka.claim("it-expiry"), "idleExpiry: PT1H\nidleExpiryCheck: PT0.5S\n");
        StateWatch watch = new StateWatch();
        try (DetectorApp app = start(spec, 1, watch)) {
            long t0 = pointTimeOrigin();
            long now = System.currentTimeMillis();
            List<Input> first = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                first.add(point("idle/a", t0 + i * 60_000L, 20 + i % 3, now + i));
                first.add(point("idle/b", t0 + i * 60_000L, 30 + i % 3, now + i));
            }
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, first);
            await().atMost(DEADLINE).ignoreExceptions().until(() -> count(app, "idle/a") == 20 && count(app, "idle/b") == 20);

            // b moves on by two hours of point time; a stays silent, so it is idle for more than idleExpiry.
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points,
                    List.of(point("idle/b", t0 + Duration.ofHours(2).toMillis(), 31, now + 100)));
            await().atMost(DEADLINE).ignoreExceptions().until(() -> store(app).get("idle/a") == null);
            assertEquals(21, count(app, "idle/b"), "the active series stays");

            // A point for a after its expiry starts it afresh, even with a timestamp older than its last one.
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points,
                    List.of(point("idle/a", t0 + 60_000L, 25, now + 200)));
            await().atMost(DEADLINE).ignoreExceptions().until(() -> count(app, "idle/a") == 1);
            assertEquals(List.of(), watch.changesAfterRunning(), "never left RUNNING");
        }
    }

    @Test
    void theNewSeriesCapHoldsWithinAMinuteOfEventTimeAndReopensInTheNext() throws Exception {
        int cap = 10;
        TopologySpec spec = spec(kafka.claim("it-cap"), "maxNewSeriesPerMinute: " + cap + "\n");
        StateWatch watch = new StateWatch();
        try (DetectorApp app = start(spec, 1, watch)) {
            long t0 = pointTimeOrigin();
            long now = System.currentTimeMillis();
            List<Input> burst = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                burst.add(point("new/" + i, t0, 1, now + i * 1_000L)); // 25 new ids within 25 s
            }
            for (int i = 0; i < 5; i++) {
                burst.add(point("later/" + i, t0 + 61_000L, 1, now + 30_000L + i)); // a minute later in event time: it reopens
            }
            burst.add(point("new/3", t0 + 120_000L, 2, now + 31_000L)); // an admitted series is not new any more
            StreamItSupport.produce(kafka.bootstrapServers(), spec.topics.points, burst);

            var scores = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, cap + 5 + 1, new StringDeserializer(), DEADLINE);
            var dead = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.deadLetters, 15, new ByteArrayDeserializer(), DEADLINE);
            Set<String> scoredIds = scores.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < cap; i++) {
                expected.add("new/" + i);
            }
            for (int i = 0; i < 5; i++) {
                expected.add("later/" + i);
            }
            assertEquals(expected, scoredIds);
            assertEquals(cap + 5 + 1, scores.size());
            assertEquals(15, dead.size());
            assertTrue(dead.stream().allMatch(r -> "series-limit".equals(DeadLetters.header(r.headers(), DeadLetters.REASON))));
            assertEquals(List.of(), watch.changesAfterRunning(), "never left RUNNING");
        }
    }

    static Input point(String series, long ts, double value, long recordTime) {
        return new Input(series.getBytes(StandardCharsets.UTF_8),
                BadInputCorpus.utf8(BadInputCorpus.point(series, Long.toString(ts), Double.toString(value))), recordTime);
    }

    static ReadOnlyKeyValueStore<String, byte[]> store(DetectorApp app) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(DetectorTopology.SERIES_STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    static int count(DetectorApp app, String series) {
        byte[] bytes = store(app).get(series);
        return bytes == null ? -1 : new SeriesStateSerde().deserialize(bytes).count;
    }
}
