package io.surprisal.eval;

import io.surprisal.document.ModelDocument;
import io.surprisal.history.SeriesHistory;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;
import io.surprisal.train.SyntheticSeries;
import io.surprisal.train.TrainConfig;
import io.surprisal.train.TrainingJob;
import io.surprisal.model.Model;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NAB harness as one deployment: a trainer round over the history, served from each series' go-live point. */
class DeploymentRoundTest {
    private static final ScoringConfig CONFIG = ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL);
    /** A small budget: what is tested is the round's wiring, not how well it trains. */
    private static final TrainConfig QUICK = TrainConfig.defaults().withEpochs(3, 20);

    private static double[] scores(SeriesScorer scorer, SeriesHistory s) {
        double[] out = new double[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scorer.score(s.timestamps()[i], s.values()[i]);
        }
        return out;
    }

    /** A pulse every 12 points on a flat line: a rhythm the generic model was never shown, and learns in a few epochs. */
    private static List<SeriesHistory> pulses(int count, int length) {
        java.util.Random r = new java.util.Random(7);
        List<SeriesHistory> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long[] ts = new long[length];
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                ts[i] = 1_767_225_600_000L + i * 60_000L;
                v[i] = 10 + k + (i % 12 == k % 12 ? 5 : 0) + 0.05 * r.nextGaussian();
            }
            out.add(new SeriesHistory("pulse-" + k, ts, v));
        }
        return out;
    }

    @Test
    void aRoundOverTheHistoryRunsAsTrainRunsItAndItsVerdictDecidesWhatIsServed() {
        List<SeriesHistory> history = pulses(6, 600);
        SurprisalDetector generic = new SurprisalDetector(ModelDocument.generic(), CONFIG).withRoundConfig(QUICK);
        List<String> lines = new ArrayList<>();
        Map<String, Object> settings = generic.learnFrom(history, lines::add).settings();
        String verdict = (String) settings.get("deploymentRound");
        assertNotNull(verdict, "the round's verdict is part of the run's settings");
        assertTrue(lines.get(0).startsWith("training on "), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("planted anomalies found in the held-back series")), lines.toString());
        assertEquals(verdict, lines.get(lines.size() - 1));
        assertEquals(verdict.startsWith("new model"), settings.get("deployedModel") != null, verdict);
    }

    @Test
    void theSeedDecidesTheRoundsDrawsAndTheSameSeedGivesTheSameRound() {
        List<SeriesHistory> history = pulses(6, 600);
        SurprisalDetector generic = new SurprisalDetector(ModelDocument.generic(), CONFIG).withRoundConfig(QUICK);
        String first = roundFigures(generic.withSeed(5), history);
        assertEquals(first, roundFigures(generic.withSeed(5), history));
        assertFalse(first.equals(roundFigures(generic.withSeed(6), history)), first);
        assertEquals(5L, generic.withSeed(5).settings().get("seed"));
    }

    /** The round's verdict without the new model's version (which names the hour it was trained in). */
    private static String roundFigures(SurprisalDetector detector, List<SeriesHistory> history) {
        String verdict = (String) detector.learnFrom(history, line -> { }).settings().get("deploymentRound");
        return verdict.substring(verdict.indexOf("validation NLL"));
    }

    @Test
    void aDeployedModelServesEachSeriesFromItsGoLivePointOn() {
        List<SeriesHistory> series = pulses(6, 1500);
        Model other = TrainingJob.run(series.subList(0, 4), QUICK, ModelDocument.generic(), false, "test", "test", "test", CONFIG,
                line -> { }).candidate();
        SurprisalDetector generic = new SurprisalDetector(ModelDocument.generic(), CONFIG);
        SurprisalDetector deployed = generic.deploying(other, "new model " + other.version() + " wins");
        assertEquals(other.version(), deployed.settings().get("deployedModel"));

        SeriesHistory one = series.get(5);
        double[] before = scores(generic.create(one.id(), 600), one);
        double[] after = scores(deployed.create(one.id(), 600), one);
        assertTrue(Arrays.equals(Arrays.copyOf(before, 600), Arrays.copyOf(after, 600)),
                "up to its go-live point a series is scored by the model it had");
        assertFalse(Arrays.equals(before, after), "from it on, by the deployed one");
    }

    @Test
    void aHistoryTooShortForOneWindowTeachesNothing() {
        SeriesHistory s = SyntheticSeries.generate(1, 100, 7).get(0);
        SurprisalDetector generic = new SurprisalDetector(ModelDocument.generic(), CONFIG).withRoundConfig(QUICK);
        List<String> lines = new ArrayList<>();
        DetectorFactory learned = generic.learnFrom(List.of(s, new SeriesHistory("b", s.timestamps(), s.values())), lines::add);
        assertTrue(((String) learned.settings().get("deploymentRound")).startsWith("no training round: "), lines.toString());
        assertNull(learned.settings().get("deployedModel"));
        assertTrue(Arrays.equals(scores(generic.create("x", 10), s), scores(learned.create("x", 10), s)));
    }

    @Test
    void withoutTuningNothingIsLearnt() {
        SurprisalDetector untuned = new SurprisalDetector(ModelDocument.generic(), CONFIG, null, false);
        assertSame(untuned, untuned.learnFrom(SyntheticSeries.generate(3, 800, 7), line -> {
            throw new AssertionError("no round runs: " + line);
        }));
        assertFalse(untuned.settings().containsKey("deploymentRound"));
    }
}
