package io.surprisal.score;

import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import io.surprisal.train.ModelFactory;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final long MINUTE = 60_000;
    private final Model generic = ModelDocument.generic();

    private static double noisySine(int i, SplittableRandom r) {
        return 50 + 10 * Math.sin(2 * Math.PI * i / 96) + r.nextDouble() - 0.5;
    }

    @Test
    void aSpikeAfterWarmupIsFlaggedAndQuietPointsAreNot() {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(1);
        int falseAlarms = 0;
        for (int i = 0; i < 2000; i++) {
            assertEquals(Outcome.SCORED, d.update(s, T0 + i * MINUTE, noisySine(i, r), out));
            assertEquals(i < ScoringConfig.DEFAULT.warmup(), out.warmup);
            assertTrue(out.score >= 0 && out.score <= 1);
            if (out.anomaly) {
                falseAlarms++;
            }
        }
        assertTrue(falseAlarms <= 2, "false alarms on a clean sine: " + falseAlarms);
        d.update(s, T0 + 2000 * MINUTE, 150, out);
        assertTrue(out.surprisal > 10, "surprisal of a 10-sigma spike: " + out.surprisal);
        assertTrue(out.value > out.upper, "the spike is above the band");
        boolean flagged = out.anomaly;
        for (int i = 2001; i < 2005 && !flagged; i++) {
            d.update(s, T0 + i * MINUTE, noisySine(i, r), out);
            flagged = out.anomaly;
        }
        assertTrue(flagged, "spike not flagged within 5 points");
    }

    @Test
    void expectedValueAndBandAreInTheSeriesUnits() {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(2);
        int inside = 0;
        for (int i = 0; i < 3000; i++) {
            d.update(s, T0 + i * MINUTE, noisySine(i, r), out);
            if (i >= 1000 && out.value >= out.lower && out.value <= out.upper) {
                inside++;
            }
            if (i >= 1000) {
                assertEquals(out.value, out.expected, 5.0, "expected value at " + i);
            }
        }
        assertTrue(inside > 0.9 * 2000, "points inside the 99% band: " + inside + " of 2000");
    }

    @Test
    void lateAndDuplicatePointsAreNotScoredUnderTheStrictPolicy() {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        d.update(s, T0, 1.0, out);
        d.update(s, T0 + MINUTE, 2.0, out);
        byte[] before = new SeriesStateSerde().serialize(s);
        assertEquals(Outcome.LATE, d.update(s, T0, 3.0, out));
        assertEquals(Outcome.DUPLICATE, d.update(s, T0 + MINUTE, 2.0, out));
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(new SeriesStateSerde().serialize(s)));
        assertEquals(Outcome.SCORED, d.update(s, T0 + MINUTE, 2.5, out), "same time, new value: a correction, scored");
    }

    @Test
    void arrivalPolicyScoresEveryPoint() {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL));
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        d.update(s, T0 + MINUTE, 1.0, out);
        assertEquals(Outcome.SCORED, d.update(s, T0, 1.0, out));
        assertEquals(Outcome.SCORED, d.update(s, T0, 1.0, out));
        assertEquals(3, s.count);
    }

    @Test
    void aConstantSeriesStaysFiniteAndQuiet() {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        for (int i = 0; i < 1500; i++) {
            d.update(s, T0 + i * MINUTE, 42.0, out);
            assertTrue(Double.isFinite(out.surprisal) && Double.isFinite(out.expected), "at " + i);
            assertFalse(out.anomaly, "constant series flagged at " + i);
        }
    }

    @Test
    void aModelSwapRebuildsTheStateFromHistoryWithoutAWarmupJump() {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            d.update(s, T0 + i * MINUTE, noisySine(i, r), out);
        }
        // The same weights under a new version: after the replay the state should be close to the uninterrupted one.
        Model same = new Model(generic.name(), "v-next", generic.layout(), generic.weights(), generic.features(),
                generic.normalization(), null);
        SeriesState copy = new SeriesStateSerde().deserialize(new SeriesStateSerde().serialize(s));
        ScoreRecord outA = new ScoreRecord();
        ScoreRecord outB = new ScoreRecord();
        Detector swapped = new Detector(same, ScoringConfig.DEFAULT);
        double v = noisySine(1000, r);
        d.update(s, T0 + 1000 * MINUTE, v, outA);
        swapped.update(copy, T0 + 1000 * MINUTE, v, outB);
        assertEquals(1, swapped.replays());
        assertEquals("v-next", outB.model);
        assertFalse(outB.warmup);
        assertEquals(outA.expected, outB.expected, 1.0, "expected value after the swap");
        assertEquals(outA.score, outB.score, 0.05, "score after the swap");
        // A different, untrained model also takes over with no warm-up: scores stay in range, no alarm.
        Detector other = new Detector(ModelFactory.untrained(io.surprisal.train.TrainConfig.defaults(), "x"), ScoringConfig.DEFAULT);
        other.update(copy, T0 + 1001 * MINUTE, noisySine(1001, r), outB);
        assertFalse(outB.warmup);
        assertTrue(Double.isFinite(outB.score));
    }

    @Test
    void aValueBeyondTheEstablishedRangeFires() {
        // Uniform noise on [0, 100], a point a minute for more than a day: a value just past the range is
        // unremarkable to a Gaussian model.
        Detector with = new Detector(generic, ScoringConfig.DEFAULT.withRangeCheck(0.05, 1000));
        Detector without = new Detector(generic, ScoringConfig.DEFAULT.withRangeCheck(0, 1000));
        SeriesState a = with.newState();
        SeriesState b = without.newState();
        ScoreRecord outA = new ScoreRecord();
        ScoreRecord outB = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < 1500; i++) {
            double v = 100 * r.nextDouble();
            with.update(a, T0 + i * MINUTE, v, outA);
            without.update(b, T0 + i * MINUTE, v, outB);
            assertEquals(outB.score, outA.score, "nothing new at " + i);
        }
        double range = a.highest - a.lowest;
        with.update(a, T0 + 1500 * MINUTE, a.highest + 0.04 * range, outA);
        double extreme = AnomalyLikelihood.scoreOf(-Detector.EXTREME_DIGITS * Math.log(10));
        assertTrue(outA.score < extreme, "within the tolerance: " + outA.score);
        with.update(a, T0 + 1501 * MINUTE, a.lowest - 0.06 * range, outA);
        without.update(b, T0 + 1501 * MINUTE, b.lowest - 0.06 * range, outB);
        assertTrue(outA.score >= extreme, "a new low beyond the tolerance: " + outA.score);
        assertEquals(Judgement.EXTREME, outA.judgement, "the score says which part fired");
        assertTrue(outA.score < 1, "and still ranked below farther extremes: " + outA.score);
        assertTrue(outB.score < AnomalyLikelihood.scoreOf(Math.log(0.01)), "the likelihood alone hardly notices it: " + outB.score);
        with.update(a, T0 + 1502 * MINUTE, a.lowest - 0.5 * range, outA);
        assertTrue(outA.score > AnomalyLikelihood.scoreOf(-(Detector.EXTREME_DIGITS + 4) * Math.log(10)),
                "half the range beyond ranks higher: " + outA.score);
    }

    @Test
    void aRangeIsNotEstablishedBeforeItsSeriesHasSpannedADay() {
        // 1200 points a minute apart: past rangeAfter, but 20 hours, less than one turn of a daily rhythm.
        Detector with = new Detector(generic, ScoringConfig.DEFAULT.withRangeCheck(0.05, 1000));
        SeriesState a = with.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < 1200; i++) {
            with.update(a, T0 + i * MINUTE, 100 * r.nextDouble(), out);
        }
        with.update(a, T0 + 1200 * MINUTE, a.highest + 0.5 * (a.highest - a.lowest), out);
        assertTrue(out.judgement != Judgement.EXTREME, "no new extreme before a day: " + out.judgement);
    }

    @Test
    void newExtremesDoNotCountBeforeTheRangeIsEstablished() {
        Detector with = new Detector(generic, ScoringConfig.DEFAULT.withRangeCheck(0.05, 1000));
        Detector without = new Detector(generic, ScoringConfig.DEFAULT.withRangeCheck(0, 1000));
        SeriesState a = with.newState();
        SeriesState b = without.newState();
        ScoreRecord outA = new ScoreRecord();
        ScoreRecord outB = new ScoreRecord();
        for (int i = 0; i < 1000; i++) {
            double v = i < 500 ? 50 + (i % 2) : 50 + (i - 500) * 0.2; // from point 500 a ramp sets a new high every point
            with.update(a, T0 + i * MINUTE, v, outA);
            without.update(b, T0 + i * MINUTE, v, outB);
            assertEquals(outB.score, outA.score, "at " + i);
            assertEquals(outA.warmup || outA.score == 0, outA.judgement == Judgement.NONE, "at " + i);
            assertTrue(outA.judgement != Judgement.EXTREME, "at " + i);
        }
    }

    @Test
    void aDayWhoseRiseNeverComesIsFlaggedThroughTheDailyProfile() {
        // Five-minute points: 20 at night, 80 from 08:00 to 20:00 UTC. On day 15 the rise never comes.
        Detector with = new Detector(generic, ScoringConfig.DEFAULT);
        Detector without = new Detector(generic, ScoringConfig.DEFAULT.withDailyProfile(false));
        SeriesState a = with.newState();
        SeriesState b = without.newState();
        ScoreRecord outA = new ScoreRecord();
        ScoreRecord outB = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(12);
        int perDay = 288;
        double withMax = 0;
        double withoutMax = 0;
        for (int i = 0; i < 15 * perDay; i++) {
            int minuteOfDay = (i % perDay) * 5;
            boolean day15 = i >= 14 * perDay;
            boolean high = !day15 && minuteOfDay >= 8 * 60 && minuteOfDay < 20 * 60;
            double v = (high ? 80 : 20) + r.nextDouble() - 0.5;
            long ts = T0 + i * 5 * MINUTE;
            with.update(a, ts, v, outA);
            without.update(b, ts, v, outB);
            if (day15) {
                withMax = Math.max(withMax, outA.score);
                withoutMax = Math.max(withoutMax, outB.score);
            }
        }
        assertTrue(withMax >= ScoringConfig.DEFAULT.threshold(), "flagged with the daily profile: " + withMax);
        assertTrue(withoutMax < ScoringConfig.DEFAULT.threshold(), "the one-step prediction alone misses it: " + withoutMax);
    }

    @Test
    void replayIsDeterministic() {
        double[] a = run();
        double[] b = run();
        assertTrue(java.util.Arrays.equals(a, b));
    }

    private double[] run() {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(9);
        double[] scores = new double[800];
        for (int i = 0; i < scores.length; i++) {
            d.update(s, T0 + i * MINUTE, noisySine(i, r), out);
            scores[i] = out.score + out.surprisal;
        }
        return scores;
    }

    /**
     * The longest run of red points (raw tail at most 1e-5) once a series with a daily rhythm, watched
     * for five days, shifts its level by ten times its noise and stays there.
     */
    private int redRunAfterALastingShift(double anomalyLearning) {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT.withAnomalyLearning(anomalyLearning));
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(11);
        int longest = 0;
        int days = 5 * 288;
        for (int i = 0; i < days + 288; i++) {
            double shift = i < days ? 0 : 10;
            d.update(s, T0 + i * 5 * MINUTE, 100 + 10 * Math.sin(2 * Math.PI * i / 288) + shift + r.nextGaussian(), out);
            if (i >= days) {
                longest = Math.max(longest, s.redRun);
            }
        }
        return longest;
    }

    @Test
    void aLastingFaultStaysVisibleLongerWhenAnomaliesTeachLess() {
        int learning = redRunAfterALastingShift(1);
        int slowed = redRunAfterALastingShift(ScoringConfig.DEFAULT.anomalyLearning());
        assertTrue(slowed > learning, "red for " + slowed + " points in a row against " + learning + " when learning as usual");
        assertTrue(slowed > ScoringConfig.DEFAULT.shortWindow(), "the rule only starts after a short window of red: " + slowed);
    }

    /** Scores of a noisy sensor (two decimals) whose value sticks from point {@code stuckFrom} for 20 points. */
    private double[] stuckSensor(int stuckFrom, Judgement[] judgements) {
        Detector detector = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = detector.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(5);
        double[] scores = new double[stuckFrom + 40];
        double stuck = 0;
        for (int i = 0; i < scores.length; i++) {
            double v = Math.round((50 + 5 * Math.sin(i / 50.0) + r.nextGaussian()) * 100) / 100.0;
            if (i == stuckFrom) {
                stuck = v;
            }
            detector.update(s, T0 + i * MINUTE, i >= stuckFrom && i < stuckFrom + 20 ? stuck : v, out);
            scores[i] = out.score;
            judgements[i] = out.judgement;
        }
        return scores;
    }

    @Test
    void aNoisySensorThatSticksIsFlaggedWithinAFewRepeats() {
        int from = 2000;
        Judgement[] judgements = new Judgement[from + 40];
        double[] scores = stuckSensor(from, judgements);
        int first = -1;
        for (int i = from; i < from + 20 && first < 0; i++) {
            first = scores[i] >= ScoringConfig.DEFAULT.threshold() ? i : -1;
        }
        assertTrue(first >= from && first <= from + 4, "first flagged at " + first);
        assertEquals(Judgement.STUCK, judgements[first]);
        for (int i = ScoringConfig.DEFAULT.warmup(); i < from; i++) {
            assertFalse(scores[i] >= ScoringConfig.DEFAULT.threshold() && judgements[i] == Judgement.STUCK,
                    "a chance repeat at " + i + " is no stuck sensor");
        }
    }

    @Test
    void aSeriesWhoseValuesRestInLongRunsIsNotStuckForOneMore() {
        // Readings that hold each value for 10 to 19 points or longer (a coarse gauge on a quiet machine), then one of 18.
        Detector detector = new Detector(generic, ScoringConfig.DEFAULT);
        SeriesState s = detector.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(6);
        int i = 0;
        double level = 20;
        while (i < 3000) {
            int hold = i > 2900 ? 18 : 10 + r.nextInt(10);
            level += r.nextInt(3) - 1;
            for (int k = 0; k < hold && i < 3000; k++, i++) {
                detector.update(s, T0 + i * MINUTE, level, out);
                assertFalse(out.anomaly && out.judgement == Judgement.STUCK,
                        "at " + i + " (run " + s.repeats + ", longest " + s.longestRepeats + ")");
            }
        }
        assertTrue(s.longestRepeats >= 17, "longest normal run " + s.longestRepeats);
    }
}
