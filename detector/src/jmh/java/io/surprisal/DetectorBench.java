package io.surprisal;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.model.SeasonalModel;
import io.surprisal.score.Detector;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;
import io.surprisal.train.SeasonalFit;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole per-point path, {@link Detector#update}, with the shipped generic model (GRU-32):
 * normalise, surprisal, both anomaly likelihoods (prediction errors and daily profile), band,
 * history push and the recurrent step. Points go round-robin over {@code series} states, each a
 * noisy sine at five-minute spacing; the states are run through four days in setup, past warm-up
 * and until every hour of the daily profile is ready, so the measured points take the full path
 * (with {@code young}, a point a second past warm-up, judged against the recent level instead).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DetectorBench {
    static final int VALUES = 4096; // power of two: the index wraps with a mask

    /** 1: one hot state in L1; 1000: states spread over memory as in a stream thread. */
    @Param({"1", "1000"})
    public int series;

    /** The daily profile's share of the cost: the same points with it on and off. */
    @Param({"true", "false"})
    public boolean daily;

    /**
     * A series younger than its daily profile: a point a second, so the profile never gets ready and each point
     * is judged against the recent level instead (LevelDeviation).
     */
    @Param({"false", "true"})
    public boolean young;

    /** The period model's share (a model tuned to one series): every point adds to a block, every 3rd completes one. */
    @Param({"false", "true"})
    public boolean period;

    /**
     * The scoring's time zone: UTC (a fixed offset) by default; {@code -p timeZone=America/New_York} prices a zone with
     * daylight saving, whose offset the detector keeps per span between transitions.
     */
    @Param({"UTC"})
    public String timeZone;

    Detector detector;
    SeriesState[] states;
    long[] ts;
    long spacing;
    double[] values;
    ScoreRecord out;
    int next;
    int k;

    @Setup
    public void setup() {
        states = new SeriesState[series];
        ts = new long[series];
        SplittableRandom rnd = new SplittableRandom(3);
        values = new double[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = 50 + 10 * Math.sin(i * 0.05) + rnd.nextGaussian();
        }
        Model model = ModelDocument.generic();
        if (period) {
            long[] times = new long[VALUES];
            for (int i = 0; i < VALUES; i++) {
                times[i] = 300_000L * i;
            }
            SeasonalModel seasonal = SeasonalFit.fit(new SeriesHistory("bench", times, values));
            model = model.withSeasonal(seasonal, model.version());
        }
        detector = new Detector(model, ScoringConfig.DEFAULT.withDailyProfile(daily).withTimeZone(ScoringConfig.zone(timeZone)));
        out = new ScoreRecord();
        for (int s = 0; s < series; s++) {
            states[s] = detector.newState();
            ts[s] = 1_700_000_000_000L + s;
        }
        spacing = young ? 1000 : 300_000;
        int past = young ? ScoringConfig.DEFAULT.warmup() + 200 : Math.max(ScoringConfig.DEFAULT.warmup(), 4 * 288) + 100;
        for (int p = 0; p < past; p++) {
            for (int s = 0; s < series; s++) {
                update(s);
            }
        }
        SeriesState last = states[series - 1];
        if (!(out.score >= 0 && out.score <= 1) || out.warmup || (daily && !young) != last.daily.judges()
                || (daily && young) != last.recent.inUse()) {
            throw new IllegalStateException("setup did not reach a scored, warmed-up point with the daily profile "
                    + (young ? "not ready and a recent level" : "ready") + ": score=" + out.score);
        }
    }

    private Outcome update(int s) {
        ts[s] += spacing;
        return detector.update(states[s], ts[s], values[k++ & (VALUES - 1)], out);
    }

    @Benchmark
    public double update() {
        int s = next;
        next = s + 1 == series ? 0 : s + 1;
        update(s);
        return out.score + out.expected;
    }
}
