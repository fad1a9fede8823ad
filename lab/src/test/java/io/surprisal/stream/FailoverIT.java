package io.surprisal.stream;

import io.surprisal.embedded.EmbeddedKafka;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.ScoreRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two detector instances under exactly-once v2 share the partitions; one stops dead in the middle of
 * a transaction and the other takes over its series from the changelog. Read with read_committed,
 * the scores topic holds every input exactly once, equal to an uninterrupted offline replay.
 *
 * <p>How the instance "dies": its stream thread is frozen inside the detector, right after it
 * forwarded a score and updated the store, and never comes back. Nothing is committed, nothing is
 * aborted and nobody leaves the group from the client side: the open transaction (scores, changelog
 * and repartition records since the last commit) stays open until the transaction coordinator times
 * it out, the group evicts the member when it stops polling, and the survivor restores the state
 * from what the changelog holds as committed — what a killed process leaves behind. (Closing with
 * {@code Duration.ZERO} would not model that: close still runs a clean shutdown in the background,
 * committing and checkpointing; a thrown exception would make the client abort its transaction
 * itself.) The broker settles it sooner than its defaults would: poll interval 5 s, transaction
 * timeout 3 s, timed-out transactions checked every second.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FailoverIT {
    static final Model GENERIC = ModelDocument.generic();
    static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    // Its own broker, not SharedKafka: it needs a broker setting (aborting timed-out transactions within a second).
    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder()
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /**
     * Freezes the thread that scores the {@code after}-th point once armed, until released: a process
     * that stopped dead. Armed only after the first part of the stream was committed, so the survivor
     * has a changelog to restore from (frozen before its first commit, it restored nothing).
     */
    static final class Freeze implements DetectorEvents {
        final AtomicInteger scored = new AtomicInteger();
        final AtomicInteger freezeAt = new AtomicInteger(Integer.MAX_VALUE);
        final CountDownLatch frozen = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        void armAfter(int more) {
            freezeAt.set(scored.get() + more);
        }

        @Override
        public void scored(String series, ScoreRecord score, long nanos) {
            if (scored.incrementAndGet() == freezeAt.get()) {
                frozen.countDown();
                try {
                    release.await(3, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void theSurvivorTakesOverFromTheChangelogWithoutStandbys() throws Exception {
        failover("it-failover-0", 0, "exactly_once_v2");
    }

    @Test
    void theSurvivorTakesOverWithAStandbyReplica() throws Exception {
        failover("it-failover-1", 1, "exactly_once_v2");
    }

    /**
     * Without transactions the states are written through (no record cache) and run ahead of the committed offsets: the
     * survivor reads points again that its restored states hold, and the ingest sends them again through the repartition
     * topic at new offsets. Each carries where it was read in the points topic, and its series' state knows it by that.
     */
    @Test
    void underAtLeastOnceAPointSentAgainThroughTheRepartitionTopicIsKnown() throws Exception {
        failover("it-failover-alos", 0, "at_least_once", false);
    }

    /** Reading the points topic itself, the survivor knows the points it reads again by the same input position. */
    @Test
    void underAtLeastOnceReadingThePointsTopicItselfAPointReadAgainIsKnown() throws Exception {
        failover("it-failover-alos-keyed", 0, "at_least_once", true);
    }

    void failover(String appId, int standbys, String guarantee) throws Exception {
        failover(appId, standbys, guarantee, false);
    }

    void failover(String appId, int standbys, String guarantee, boolean keyIsSeries) throws Exception {
        boolean eos = guarantee.equals("exactly_once_v2");
        TopologySpec spec = DetectorAppIT.spec(appId);
        spec.guarantee = guarantee;
        spec.input.keyIsSeries = keyIsSeries;
        int series = 50;
        int points = 90;
        int committed = points / 3;
        Map<String, Object> overrides = Map.of(
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbys,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, eos ? 100 : 200,
                StreamsConfig.consumerPrefix("max.poll.interval.ms"), 5_000,
                StreamsConfig.producerPrefix("transaction.timeout.ms"), 3_000);
        DetectorApp.ensureTopics(spec, kafka.bootstrapServers(), Map.of(), 4, (short) 1);
        Freeze freeze = new Freeze();
        DetectorApp victim = new DetectorApp(spec, kafka.bootstrapServers(), overrides, tmp.resolve("victim"), freeze, GENERIC,
                new HostInfo("localhost", 1));
        DetectorApp survivor = new DetectorApp(spec, kafka.bootstrapServers(), overrides, tmp.resolve("survivor"), DetectorEvents.NONE,
                GENERIC, new HostInfo("localhost", 2));
        AtomicLong restored = new AtomicLong();
        survivor.streams().setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
            }

            @Override
            public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long n) {
                restored.addAndGet(n);
            }

            @Override
            public void onRestoreEnd(TopicPartition tp, String store, long total) {
            }
        });
        try {
            victim.start();
            survivor.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> activeTasks(victim) > 0 && activeTasks(survivor) > 0
                    && victim.running() && survivor.running() && (standbys == 0 || standbyTasks(survivor) > 0));
            assertEquals(standbys > 0, standbyTasks(survivor) > 0, "standby tasks as configured");

            // A first part, scored and committed by both: the victim's changelog then holds its series.
            produce(spec.topics.points, DetectorAppIT.points(0, committed, series));
            assertEquals(series * committed, StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores,
                    series * committed, new StringDeserializer(), Duration.ofSeconds(60)).size());
            int victimScoredBeforeFreeze = freeze.scored.get();
            freeze.armAfter(200);
            produce(spec.topics.points, DetectorAppIT.points(committed, points / 2, series));
            assertTrue(freeze.frozen.await(60, TimeUnit.SECONDS), "the victim froze mid-stream");
            long frozenAt = System.nanoTime();
            // The rest arrives while the victim is dead.
            produce(spec.topics.points, DetectorAppIT.points(points / 2, points, series));

            int inputs = series * points;
            Map<String, List<String>> expected = DetectorAppIT.offline(points, series, spec);
            // What every consumer of the scores sees: read_committed under exactly-once; everything under at-least-once.
            String isolation = eos ? "read_committed" : "read_uncommitted";
            List<ConsumerRecord<String, byte[]>> scores = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                scores.clear();
                scores.addAll(StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, inputs,
                        new StringDeserializer(), Duration.ofSeconds(5), isolation));
                return distinctMatching(scores, expected) == inputs;
            });
            double takeover = (System.nanoTime() - frozenAt) / 1e9;
            // Uncommitted reads also see what the dead instance wrote in its last, never committed transaction.
            int uncommitted = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.scores, inputs + 1,
                    new StringDeserializer(), Duration.ofSeconds(2), "read_uncommitted").size();

            // Points the survivor reads again after the takeover: under exactly-once its states are the committed ones;
            // under at-least-once a state may already hold them (it went to the store as it changed), and its input
            // position says so, whether the point comes from the points topic or again through the repartition topic.
            List<String> deadLetterReasons = StreamItSupport.consume(kafka.bootstrapServers(), spec.topics.deadLetters, inputs,
                            new StringDeserializer(), Duration.ofSeconds(2), isolation).stream()
                    .map(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8)).toList();

            Set<String> distinct = new HashSet<>();
            for (var r : scores) {
                distinct.add(r.key() + "|" + new String(r.value(), StandardCharsets.UTF_8));
            }
            int matching = distinctMatching(scores, expected);
            int duplicates = scores.size() - distinct.size();
            int lost = inputs - matching;
            Map<String, List<String>> actual = DetectorAppIT.bySeries(scores);
            String result = String.format("failover guarantee=%s key_is_series=%s standbys=%d inputs=%d scores=%d duplicates=%d lost=%d "
                            + "equal_to_offline_replay=%s victim_scored_before_freeze=%d aborted_scores_hidden=%d "
                            + "survivor_restored_from_changelog=%d dead_letters=%d all_scores_visible_after=%.1fs",
                    guarantee, keyIsSeries, standbys, inputs, scores.size(), duplicates, lost, expected.equals(actual),
                    victimScoredBeforeFreeze + 200, uncommitted - scores.size(), restored.get(), deadLetterReasons.size(), takeover);
            System.out.println(result);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/" + appId + ".txt"), result + "\n");

            assertEquals(0, lost, "no input without its score");
            assertEquals(distinct.size(), matching, "every distinct score is the replay's score of some input");
            if (standbys == 0) {
                assertTrue(restored.get() > 0, "the survivor restored the victim's series from the changelog");
            }
            assertEquals(List.of(), deadLetterReasons, "no dead letters");
            if (!eos) {
                assertEquals(0, duplicates, "every point read again was known by its position, not scored again");
                assertTrue(restored.get() > 0 && victimScoredBeforeFreeze > 0, "the survivor took states ahead of the offsets");
            }
            if (eos) {
                assertTrue(uncommitted > scores.size(), "the victim died with scores in an open transaction");
                assertEquals(0, duplicates, "no score twice");
                assertEquals(inputs, scores.size());
                assertEquals(expected, actual, "the same scores, in the same order per series, as an uninterrupted replay");
            }
            // Four partitions: a task each for the ingest and the detector, or one each reading the points topic itself.
            assertEquals(keyIsSeries ? 4 : 8, activeTasks(survivor), "the survivor runs every task");
        } finally {
            freeze.release.countDown();
            victim.close();
            survivor.close();
        }
    }

    /** How many of the replay's scores (series and exact JSON) appear among {@code scores}. */
    static int distinctMatching(List<ConsumerRecord<String, byte[]>> scores, Map<String, List<String>> expected) {
        Set<String> distinct = new HashSet<>();
        for (var r : scores) {
            distinct.add(r.key() + "|" + new String(r.value(), StandardCharsets.UTF_8));
        }
        int matching = 0;
        for (var e : expected.entrySet()) {
            for (String s : e.getValue()) {
                if (distinct.contains(e.getKey() + "|" + s)) {
                    matching++;
                }
            }
        }
        return matching;
    }

    /** Keyed by series, as producers should, so that a series stays in order. */
    static void produce(String topic, List<byte[]> values) throws Exception {
        List<StreamItSupport.Input> inputs = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (byte[] v : values) {
            String body = new String(v, StandardCharsets.UTF_8);
            int at = body.indexOf("\"series\":\"") + 10;
            inputs.add(new StreamItSupport.Input(body.substring(at, body.indexOf('"', at)).getBytes(StandardCharsets.UTF_8), v, now));
        }
        StreamItSupport.produce(kafka.bootstrapServers(), topic, inputs);
    }

    static int activeTasks(DetectorApp app) {
        return app.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    static int standbyTasks(DetectorApp app) {
        return app.streams().metadataForLocalThreads().stream().mapToInt(t -> t.standbyTasks().size()).sum();
    }
}
