package io.surprisal.score;

import io.surprisal.model.Features;
import io.surprisal.model.Model;
import io.surprisal.model.Normalization;
import io.surprisal.model.SeasonalModel;
import io.surprisal.state.DailyProfile;
import io.surprisal.state.Half;
import io.surprisal.state.LocalClock;
import io.surprisal.state.SeriesState;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.function.LongSupplier;

/**
 * The one path every point takes, streamed or replayed: normalise against the series' own past,
 * measure surprisal under the prediction made at the previous point, turn it into a score, then
 * step the recurrent model to predict the next point.
 *
 * <p>The score is the anomaly likelihood of the tail surprisal ({@link AnomalyLikelihood}), or
 * that of the value's deviation from what the series usually shows at this hour of day
 * ({@link DailyDeviation}) when that is larger (until the daily profile is ready, that of the value's
 * deviation from the series' recent level, {@link LevelDeviation}), or 1 for a new extreme: a value well
 * beyond the range the series has shown so far.
 *
 * <p>Not thread-safe: one instance per stream thread (it owns the model's scratch buffers). The
 * model can be swapped at any time; each series rebuilds its hidden state under the new model by
 * replaying its stored inputs the next time it is seen.
 */
public final class Detector {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Decimal digits of surprise of a value just beyond the range by the tolerance: a tail of 1e-12. */
    static final double EXTREME_DIGITS = 12;
    private static final double DAY_SECONDS = 86_400;
    /** Weight of the newest interval in the series' usual interval (about 100 points of memory). */
    private static final double INTERVAL_RATE = 0.01;

    private final ScoringConfig config;
    private final AnomalyLikelihood likelihood;
    /** The likelihood of a value's deviations: from its hour's usual value, or from its recent level. */
    private final AnomalyLikelihood deviationLikelihood;
    private final double bandZ;
    /** Red points in a row from which the series is anomalous and learns less. */
    private final int lastingRun;
    /**
     * Standard deviations from the normaliser's mean beyond which a value is a gross error (a sensor's 65535 on a
     * series of 20, a reading a million times too large) rather than a heavy tail. Real series jump far: NAB's
     * network counters go from a quiet hundred bytes to a burst of 150,000, between 3,000 and 10,000 spreads, and
     * learning such jumps is what keeps them from firing again and again (at 1000 spreads the rule took one of those
     * bursts for an error, which left the corpus' scores as they were but moved the deployment round's: 71.3
     * against 71.8). No point of NAB or UCR lies beyond this bound. See {@link #update}.
     */
    static final double GROSS_ERROR_SPREADS = 10_000;
    /**
     * The largest magnitude a series' value may have: the square of a deviation between two such values still fits
     * the state's single-precision variances (3.4·10³⁸). A larger value is not scored ({@link
     * Outcome#VALUE_OUT_OF_RANGE}) whatever the stream's own limit, {@code input.maxAbsValue}, lets through.
     */
    public static final double MAX_ABS_VALUE = 1e18;
    /** The wall clock of the configured time zone, which the daily parts read hours and weekends in. */
    private final LocalClock clock;
    private final float[] x = new float[64];
    private Model model;
    private Model.Scratch scratch;
    private long replays;

    public Detector(Model model, ScoringConfig config) {
        this.config = config;
        this.likelihood = new AnomalyLikelihood(config);
        this.deviationLikelihood = new AnomalyLikelihood(config, ScoringConfig.DAILY_SHORT_WINDOW, false);
        this.lastingRun = Math.min(config.shortWindow(), SeriesState.MAX_RED_RUN);
        this.bandZ = new NormalDistribution().inverseCumulativeProbability(0.5 + config.band() / 2);
        this.clock = new LocalClock(config.timeZone());
        setModel(model);
    }

    public void setModel(Model next) {
        this.model = next;
        this.scratch = next.newScratch();
    }

    public Model model() {
        return model;
    }

    public ScoringConfig config() {
        return config;
    }

    /** The input vector of the newest step (valid after a SCORED update; overwritten by the next). */
    public float[] lastInput() {
        return x;
    }

    /** Number of hidden-state rebuilds this detector has done (model swaps seen per series). */
    public long replays() {
        return replays;
    }

    public SeriesState newState() {
        return new SeriesState(model.hidden(), model.cell().hasCellState(), config.historyCapacity());
    }

    /**
     * Scores one point of the series whose state is {@code s} and advances that state. When the
     * outcome is not {@link Outcome#SCORED} neither {@code s} nor {@code out} has changed.
     *
     * @param value a finite number (parsing rejects the rest)
     */
    public Outcome update(SeriesState s, long ts, double value, ScoreRecord out) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        if (Math.abs(value) > MAX_ABS_VALUE) {
            return Outcome.VALUE_OUT_OF_RANGE;
        }
        final int n = s.count;
        if (n > 0 && config.order() == OrderPolicy.STRICT) {
            if (ts < s.lastTs) {
                return Outcome.LATE;
            }
            if (ts == s.lastTs && (float) value == s.lastValue) {
                return Outcome.DUPLICATE;
            }
        }
        ensureModel(s);
        final Normalization norm = model.normalization();
        out.ts = ts;
        out.value = value;
        out.model = model.version();
        if (n == 2) {
            forgetAGrossFirstPoint(s, value, norm);
        }

        // A gross error teaches nothing until it has lasted as long as a lasting red run (see GROSS_ERROR_SPREADS):
        // learned, one reading of 65535 on a series of 20 ± 0.5 inflated the variances of the normaliser and the
        // daily profile by its square, and a spike of sixteen spreads ten days later scored 0.09; a reading of 10⁹
        // blinded the series for more than 20,000 points, and its range, which new extremes must leave, for good. A
        // lasting change of scale (a new unit) is a lasting red run, and teaches from then on as one does.
        boolean lasting = s.redRun >= lastingRun;
        boolean grossError = n > 0 && !lasting && norm.isBeyond(value, s.mean, s.variance, GROSS_ERROR_SPREADS);
        double z;
        double interval;
        double tailSurprisal = 0;
        double extremeLogTail = 0;
        if (n == 0) {
            z = 0;
            interval = 0;
            out.surprisal = 0;
            out.expected = value;
            out.lower = value;
            out.upper = value;
            s.mean = value;
            s.variance = 0;
            s.lowest = (float) value;
            s.highest = (float) value;
        } else {
            double std = norm.std(s.mean, s.variance);
            z = norm.normalize(value, s.mean, s.variance);
            double sigma = Math.exp(s.predLogStd);
            double e = (z - s.predMean) / sigma;
            out.surprisal = HALF_LOG_2PI + s.predLogStd + 0.5 * e * e;
            tailSurprisal = AnomalyLikelihood.tailSurprisal(e);
            extremeLogTail = newExtremeLogTail(s, value, n);
            out.expected = s.mean + s.predMean * std;
            double half = bandZ * sigma * std;
            out.lower = out.expected - half;
            out.upper = out.expected + half;

            interval = intervalFeature(s, ts - s.lastTs, n);
            if (!grossError) {
                s.lowest = (float) Math.min(s.lowest, value);
                s.highest = (float) Math.max(s.highest, value);
            }
        }

        double stuckLogTail = n > 0 ? repeatedLogTail(s, value, n) : 0;
        long seen = n + 1L;
        double score = 0;
        double logTail = 0;
        Judgement judgement = Judgement.NONE;
        // Don't learn from anomalies: once a run of red points has lasted a short window (a fault, not a
        // blip whose echo lingers in the short average), each further point teaches the statistics only
        // ScoringConfig#anomalyLearning of what a normal point does, until a point is no longer red. A gross error
        // alone teaches nothing (above).
        double learning = grossError ? 0 : lasting ? config.anomalyLearning() : 1;
        if (seen > config.settle()) {
            // The statistics start after the settling points: their first point opens a visit to its hour. Hours and
            // weekends are the configured zone's, on its wall clock.
            long localTs = clock.local(ts);
            long previousTs = seen - 1 > config.settle() ? clock.local(s.lastTs) : Long.MIN_VALUE;
            logTail = likelihood.logTail(s.surprisal, s.hourly(), tailSurprisal, seen - config.settle(), localTs, previousTs,
                    learning);
            judgement = Judgement.PREDICTION;
            // A gross error is neither judged nor counted by the daily profile and the recent level: the prediction
            // errors judge it already, and a profile or level that starts at it (their first point) would take it for
            // the series' level and its deviations for their spread.
            if (config.dailyProfile() && !grossError) {
                double daily = dailyLogTail(s.daily, value, localTs, previousTs, learning);
                if (daily < logTail) {
                    logTail = daily;
                    judgement = Judgement.DAILY;
                }
                double level = levelLogTail(s, value, localTs, previousTs, learning);
                if (level < logTail) {
                    logTail = level;
                    judgement = Judgement.LEVEL;
                }
            }
            score = AnomalyLikelihood.fireOnce(s, logTail);
        }
        if (stuckLogTail < 0) {
            // A filter of its own (the run itself): a stuck run does not hold back a judgement that turns red during it.
            double stuckScore = AnomalyLikelihood.scoreOf(stuckLogTail);
            if (stuckScore > score) {
                score = stuckScore;
                judgement = Judgement.STUCK;
            }
        }
        SeasonalModel period = model.seasonal();
        if (period != null) {
            double periodLogTail = SeasonalDeviation.observe(s.seasonal, period, value, learning);
            if (!Double.isNaN(periodLogTail)) {
                // A red-run filter of its own: the period model judges once a block, the others every point.
                double periodScore = AnomalyLikelihood.fireOnce(s.seasonal, periodLogTail);
                if (periodScore > score) {
                    score = periodScore;
                    judgement = Judgement.PERIOD;
                }
            }
        }
        if (extremeLogTail < 0) {
            // Beyond the red-run filter: a new extreme always fires.
            double extremeScore = AnomalyLikelihood.scoreOf(extremeLogTail);
            if (extremeScore > score) {
                score = extremeScore;
                judgement = Judgement.EXTREME;
            }
        }
        if (n > 0) {
            double w = norm.weight(n + 1L) * learning;
            double d = value - s.mean;
            s.mean += w * d;
            s.variance = (float) ((1 - w) * (s.variance + w * d * d));
        }
        out.warmup = seen <= config.warmup();
        out.score = out.warmup ? 0 : score;
        out.judgement = out.score > 0 ? judgement : Judgement.NONE;
        out.anomaly = !out.warmup && out.score >= config.threshold();

        short q = SeriesState.quantize(z);
        s.pushHistory(q);
        step(s, SeriesState.dequantize(q), (float) interval, ts);
        s.lastTs = Math.max(s.lastTs, ts);
        s.lastValue = (float) value;
        s.count = n == Integer.MAX_VALUE ? n : n + 1;
        return Outcome.SCORED;
    }

    /**
     * A series' first two points give it no spread to tell a gross error by, so a glitch among them (a sensor's first
     * reading after it powers up) would become its level, its spread for thousands of points and its range for good.
     * At its third point, one of the first two that lies {@link #GROSS_ERROR_SPREADS} times farther from the other two
     * than they lie apart is dropped: the mean, variance and range start again from one of the other two, as if the
     * series had begun there. (The mean of two points and the second give back the first; the second is stored at
     * single precision, so when it is the error the series starts again from the third, known exactly.)
     */
    private static void forgetAGrossFirstPoint(SeriesState s, double third, Normalization norm) {
        double second = s.lastValue;
        double first = 2 * s.mean - second;
        double kept;
        if (isFarFrom(first, second, third, norm)) {
            kept = second;
        } else if (isFarFrom(second, first, third, norm)) {
            kept = third;
        } else {
            return;
        }
        s.mean = kept;
        s.variance = 0;
        s.lowest = (float) kept;
        s.highest = (float) kept;
    }

    /**
     * Whether {@code x} lies {@link #GROSS_ERROR_SPREADS} times farther from the middle of a and b than they lie apart,
     * when they do lie apart (two equal values give no scale: a series of zeros whose first point is a spike keeps it).
     */
    private static boolean isFarFrom(double x, double a, double b, Normalization norm) {
        double middle = (a + b) / 2;
        double apart = Math.abs(a - b);
        return apart > norm.floor(middle) && Math.abs(x - middle) > GROSS_ERROR_SPREADS * apart;
    }

    /**
     * A sensor that stops changing: each point that repeats the previous value exactly extends a run.
     * A run no longer than the longest the series has shown in normal times is nothing new; each
     * repeat beyond it counts as a chance event at the series' own rate r of exact repeats (a
     * decaying share over about {@value #REPEAT_MEMORY} points, at least half a repeat in that many),
     * so the run's log tail is (run - longest) · ln r, judged once the series has its warm-up behind
     * it. A noisy sensor whose value sticks is surprised after two or three repeats; a series whose
     * repeats come in runs (coarse readings of a quiet machine, counts at night) has shown long runs
     * before and is not. (Counting every repeat at the rate, as if repeats were independent, fired on
     * such runs and cost NAB a point.) Its prediction errors are small, so nothing else would notice.
     * Returns the log tail: 0 for no repeat, the run's own while it is not red; the red line (10⁻⁵) at the point
     * where a run first turns red and 10⁻³ for its points after that, so a stuck run fires once, with
     * a filter of its own that holds back no other judgement. Updates the run, the longest run and
     * the rate; a run that turned red does not become the new normal.
     */
    private double repeatedLogTail(SeriesState s, double value, int n) {
        boolean repeated = (float) value == s.lastValue;
        double logRate = Math.log(Math.max(s.repeatRate, 0.5 / Math.min(n, REPEAT_MEMORY)));
        if (!repeated && s.repeats > s.longestRepeats
                && (n < config.warmup() || (s.repeats - s.longestRepeats) * logRate > AnomalyLikelihood.LOG_RED)) {
            s.longestRepeats = s.repeats; // a run that just ended and never turned red was normal
        }
        s.repeats = repeated ? Math.min(s.repeats + 1, SeriesState.MAX_RED_RUN) : 0;
        double logTail = repeated && n >= config.warmup() ? Math.max(0, s.repeats - s.longestRepeats) * logRate : 0;
        if (logTail <= AnomalyLikelihood.LOG_RED) {
            // A stuck run fires once, at the red line, when it first turns red: it says that the sensor
            // stopped, not how surprising that is (how long a run is depends on when it is looked at).
            boolean firedBefore = (s.repeats - 1 - s.longestRepeats) * logRate <= AnomalyLikelihood.LOG_RED;
            logTail = firedBefore ? AnomalyLikelihood.LOG_YELLOW : AnomalyLikelihood.LOG_RED;
        }
        double w = Math.max(1.0 / n, 1.0 / REPEAT_MEMORY) * (s.redRun >= lastingRun ? config.anomalyLearning() : 1);
        s.repeatRate = Half.round((float) (s.repeatRate + w * ((repeated ? 1 : 0) - s.repeatRate)));
        return logTail;
    }

    /** Points the rate of exact repeats remembers. */
    static final int REPEAT_MEMORY = 1000;

    /** The log tail probability of the value's deviation from its hour's usual value; 0 while the profile is not ready. */
    private double dailyLogTail(DailyProfile daily, double value, long ts, long previousTs, double learning) {
        double surprisal = DailyDeviation.observe(daily, value, ts, previousTs, learning);
        if (Double.isNaN(surprisal)) {
            return 0;
        }
        daily.updates = daily.updates == Integer.MAX_VALUE ? daily.updates : daily.updates + 1;
        return deviationLikelihood.logTail(daily.surprisal, null, surprisal, daily.updates, ts, previousTs, learning);
    }

    /**
     * The log tail probability of the value's deviation from the series' recent level, until the daily
     * profile judges (then the level is forgotten and this is 0); 0 while the level is not ready.
     */
    private double levelLogTail(SeriesState s, double value, long ts, long previousTs, double learning) {
        if (s.daily.judges()) {
            if (s.recent.inUse()) {
                s.recent.clear();
            }
            return 0;
        }
        double surprisal = LevelDeviation.observe(s.recent, value, learning);
        if (Double.isNaN(surprisal)) {
            return 0;
        }
        return deviationLikelihood.logTail(s.recent.surprisal, null, surprisal, LevelDeviation.judged(s.recent), ts,
                previousTs, learning);
    }

    /**
     * A value beyond the whole range the series has shown, by more than {@code rangeTolerance} of
     * that range, once the series has {@code rangeAfter} points spanning a day: the check behind Numenta's
     * "spatial anomaly" in NAB. It catches what a Gaussian predictive distribution under-rates on
     * noisy, heavy-tailed series: a level never seen before. Returns the log tail probability the
     * new extreme counts as (0 when the value is no new extreme): {@value #EXTREME_DIGITS} decimal
     * digits at the tolerance, well past any threshold in use, and one more digit for every further
     * tenth of the range beyond it, so farther extremes rank higher.
     */
    private double newExtremeLogTail(SeriesState s, double value, int n) {
        // The range is established after rangeAfter points and a whole day: before a daily rhythm has
        // gone round once, its first afternoon is a new high (in the demo, half the false alarms).
        if (config.rangeTolerance() <= 0 || n < config.rangeAfter() || n * Math.exp(s.logInterval) < DAY_SECONDS) {
            return 0;
        }
        double range = (double) s.highest - s.lowest;
        if (!(range > 0)) {
            return 0;
        }
        double beyond = Math.max(value - s.highest, s.lowest - value) / range;
        if (beyond <= config.rangeTolerance()) {
            return 0;
        }
        return -(EXTREME_DIGITS + (beyond - config.rangeTolerance()) * 10) * AnomalyLikelihood.LN_10;
    }

    private static double intervalFeature(SeriesState s, long dtMs, int n) {
        if (dtMs <= 0) {
            return -Features.INTERVAL_CLIP;
        }
        double logDt = Math.log(dtMs / 1000.0);
        if (n == 1) {
            s.logInterval = (float) logDt;
            return 0;
        }
        double f = logDt - s.logInterval;
        s.logInterval = (float) (s.logInterval + INTERVAL_RATE * f);
        return Math.max(-Features.INTERVAL_CLIP, Math.min(Features.INTERVAL_CLIP, f));
    }

    private void step(SeriesState s, float z, float interval, long ts) {
        model.features().encode(z, interval, ts, x);
        model.step(x, s.h(), s.c(), scratch);
        s.roundHidden();
        s.predMean = scratch.mean;
        s.predLogStd = scratch.logStd;
    }

    private void ensureModel(SeriesState s) {
        if (s.modelId == model.id() && s.h().length == model.hidden()) {
            return;
        }
        s.reshape(model.hidden(), model.cell().hasCellState());
        s.seasonal.reshape(model.seasonal() == null ? 0 : model.seasonal().lags());
        if (s.count > 0) {
            replayHistory(s);
        }
        s.modelId = model.id();
    }

    /**
     * When the series' newest timestamp lies more than {@code toleranceMs} ahead of the wall clock and {@code ts} does
     * not, takes that timestamp for a clock error (a point stamped ahead of its time) and steps the series back so
     * that a point at {@code ts} is its next one, one usual interval after the one before; the erroneous point stays
     * learned, as one point. Returns whether it did. The clock is read only for a point older than the newest: under
     * {@link OrderPolicy#STRICT} a newest timestamp a day ahead would otherwise turn every point of that day away as
     * late.
     */
    public boolean stepBackIfAhead(SeriesState s, long ts, LongSupplier wallClock, long toleranceMs) {
        if (s.count == 0 || ts >= s.lastTs) {
            return false;
        }
        long now = wallClock.getAsLong();
        if (s.lastTs <= now + toleranceMs || ts > now + toleranceMs) {
            return false;
        }
        s.lastTs = ts - usualIntervalMs(s);
        return true;
    }

    private static long usualIntervalMs(SeriesState s) {
        return Math.max(1, Math.round(Math.exp(s.logInterval) * 1000));
    }

    /**
     * Rebuilds the hidden state under the current model from zero by replaying the stored
     * inputs. Intervals are taken as the series' usual one (only the values are stored).
     */
    private void replayHistory(SeriesState s) {
        replays++;
        int size = s.historySize();
        long usualMs = usualIntervalMs(s);
        for (int i = 0; i < size; i++) {
            step(s, SeriesState.dequantize(s.historyAt(i)), 0f, s.lastTs - (size - 1 - i) * usualMs);
        }
        if (size == 0) {
            s.predMean = 0;
            s.predLogStd = 0;
        }
    }
}
