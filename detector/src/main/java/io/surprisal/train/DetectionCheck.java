package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.score.Detector;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How well a model lets the detector find anomalies in a deployment's own data, without labels:
 * anomalies of known kinds are planted, one at a time, into the held-back end of anomaly-free
 * history, each copy is replayed through the {@link Detector} exactly as the stream would score
 * it, and a plant counts as found when the highest score of the held-back part lies on it (the
 * UCR archive's rule, with a margin). The trainer publishes a candidate only when it finds at
 * least as many as the serving model: a lower validation loss alone has been seen to make
 * detection worse (fine-tuning on a series' own past scored lower on NAB than the generic model).
 *
 * <p>The kinds are those a user meets: a spike, a level shift, a burst of noise, a stretch stuck at
 * one value, and a stretch played backwards (same values, wrong shape: a skipped or malformed
 * cycle). Sizes are in units of the series' own variability, so the check means the same on any
 * scale. Deterministic for a seed.
 */
public final class DetectionCheck {
    /** Plants per held-back stretch. */
    static final int PLANTS = 10;
    /** Points a planted stretch lasts, at most (and at most a fifth of the held-back part). */
    static final int MAX_LENGTH = 100;
    /** A plant is found when the top score is within this many points of it. */
    static final int MARGIN = 20;

    /** The held-back stretch of one series: points {@code [from, history.size())} may carry plants. */
    public record HeldBack(SeriesHistory history, int from) {
        public HeldBack {
            if (from < 1 || from >= history.size()) {
                throw new IllegalArgumentException("held-back part must start inside series " + history.id()
                        + ": from=" + from + " size=" + history.size());
            }
        }
    }

    private final ScoringConfig scoring;
    private final long seed;

    public DetectionCheck(ScoringConfig scoring, long seed) {
        this.scoring = scoring;
        this.seed = seed;
    }

    /** Share of plants found with {@code model}, over every held-back stretch. */
    public double foundShare(Model model, List<HeldBack> heldBack) {
        int found = 0;
        int planted = 0;
        for (int k = 0; k < heldBack.size(); k++) {
            HeldBack hb = heldBack.get(k);
            int span = hb.history().size() - hb.from();
            int maxLength = Math.min(MAX_LENGTH, span / 5);
            if (maxLength < 2) {
                continue;
            }
            double spread = spread(hb.history().values(), hb.from());
            SplittableRandom rnd = new SplittableRandom(seed + 31L * k);
            Detector detector = new Detector(model, scoring);
            // Every plant lies at or after `from`, so the state there is the same for all of them: replayed once.
            byte[] atFrom = stateAt(detector, hb.history(), hb.from());
            for (int p = 0; p < PLANTS; p++) {
                int length = 2 + rnd.nextInt(maxLength - 1);
                int start = hb.from() + rnd.nextInt(span - length);
                double[] values = hb.history().values().clone();
                plant(p % 5, values, start, length, spread, rnd);
                int loc = topScore(detector, atFrom, hb.history().timestamps(), values, hb.from());
                planted++;
                if (loc >= start - MARGIN && loc < start + length + MARGIN) {
                    found++;
                }
            }
        }
        return planted == 0 ? Double.NaN : (double) found / planted;
    }

    /** The series' state, serialised, after its points before {@code to}. */
    static byte[] stateAt(Detector detector, SeriesHistory history, int to) {
        SeriesState state = detector.newState();
        ScoreRecord out = new ScoreRecord();
        long[] ts = history.timestamps();
        double[] values = history.values();
        for (int i = 0; i < to; i++) {
            detector.update(state, ts[i], values[i], out);
        }
        return new SeriesStateSerde().serialize(state);
    }

    /** Position of the highest score at or after {@code from} (the first of ties), from the state there. */
    static int topScore(Detector detector, byte[] atFrom, long[] ts, double[] values, int from) {
        SeriesState state = new SeriesStateSerde().deserialize(atFrom);
        ScoreRecord out = new ScoreRecord();
        double best = -1;
        int loc = from;
        for (int i = from; i < values.length; i++) {
            if (detector.update(state, ts[i], values[i], out) != Outcome.SCORED) {
                continue;
            }
            if (out.score > best) {
                best = out.score;
                loc = i;
            }
        }
        return loc;
    }

    /** The typical size of a step of the series before {@code to}: the median absolute first difference (or 1e-9). */
    static double spread(double[] values, int to) {
        int n = Math.max(0, to - 1);
        if (n == 0) {
            return 1e-9;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.abs(values[i + 1] - values[i]);
        }
        Arrays.sort(d);
        double median = d[n / 2];
        if (median > 0) {
            return median;
        }
        double mean = 0;
        for (double v : d) {
            mean += v;
        }
        return Math.max(mean / n, 1e-9);
    }

    private static void plant(int kind, double[] v, int start, int length, double spread, SplittableRandom rnd) {
        int end = start + length;
        switch (kind) {
            case 0 -> v[start] += (rnd.nextBoolean() ? 1 : -1) * 8 * spread;
            case 1 -> {
                double shift = (rnd.nextBoolean() ? 1 : -1) * 4 * spread;
                for (int i = start; i < end; i++) {
                    v[i] += shift;
                }
            }
            case 2 -> {
                for (int i = start; i < end; i++) {
                    v[i] += 2 * spread * SyntheticSeries.gaussian(rnd);
                }
            }
            case 3 -> Arrays.fill(v, start, end, v[start]);
            default -> {
                for (int i = start, j = end - 1; i < j; i++, j--) {
                    double t = v[i];
                    v[i] = v[j];
                    v[j] = t;
                }
            }
        }
    }
}
