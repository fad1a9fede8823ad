package io.surprisal.score;

import io.surprisal.state.Half;
import io.surprisal.state.SeasonalState;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SurprisalStats;

/**
 * Turns a stream of surprisal values into the probability that the series changed, after
 * Numenta's anomaly likelihood: a short average of surprisal is compared with the long-run
 * distribution of that average, and the Gaussian upper tail says how unusual it is.
 *
 * <p>Two details carry most of the benefit. The long-run statistics are compared before they
 * absorb the new value (the past judges the present). And an episode of "red" tail probabilities
 * (≤ 1e-5) fires once: every red point after its first is raised to 1e-3, as in Numenta's filter,
 * which looks only at the unfiltered previous value. (Raising only every second one, so that a
 * long run fires on every other point, cost about 15 NAB points in our measurements.) The one
 * exception is a red point with {@value #REFIRE_DIGITS} times the digits of surprise of the episode's
 * last firing: it fires again, so the score tells how strong a change became. The filter
 * has hysteresis: a red episode ends only when the surprise has died down, at the first point whose
 * tail is above one half (the short average back below its usual level), so a surprise that wavers
 * around the red line, dipping out of it for a point or two as its echo lingers in the short
 * average, fires once, not once per dip. (Ending episodes at the red line itself, as Numenta's
 * filter does, left about a third of NAB's false positives within 200 points of the firing before
 * them. Ending them at 10⁻³ took the whole corpus from 65.6 to 66.5; at one half, with the
 * re-firing above, to 68.1, and every end from 0.3 to 0.65 scores 67.7–69.1. From 0.72 on, episodes
 * outlast the gap to the next anomaly and windows are missed.)
 *
 * <p>The tail is computed in log space, so it does not underflow to 0 far out in the tail.
 *
 * <p>What is usual can depend on the time of day: a series that jumps every morning at nine, or
 * runs a job every night at three, surprises the model at that hour every day. Each series keeps
 * one baseline per hour of day (of the scoring's time zone, UTC by default): the usual peak of the short average during a visit to that
 * hour (a visit is a stretch of points within one clock hour, about one a day), and the short
 * average is judged against the larger of the long-run mean and the baseline of its hour. Each
 * visit's peak moves its hour's baseline halfway ({@value #VISIT_WEIGHT}), so a surprise that
 * recurs at the same hour day after day is judged against how high it usually goes there, one
 * day's surprise lifts the next day's reference only halfway, and a surprise at an hour that is
 * usually calm counts as before. (The hour's average short average, used before, damped a brief
 * nightly spike without erasing it, so the spike fired every night; see the README's evaluation.)
 * The baselines only ever raise the reference, so on a series without a daily rhythm they change
 * little, and they count from the first visit on: an hour not visited yet has a baseline of 0.
 * (Waiting 36 updates per hour, as the average needed, kept them out of hourly series for a month.)
 */
public final class AnomalyLikelihood {
    static final double RED = 1e-5;
    static final double YELLOW = 1e-3;
    static final double LOG_RED = Math.log(RED);
    static final double LOG_YELLOW = Math.log(YELLOW);
    /**
     * How many times the digits of surprise of its last firing a red point inside an episode needs to
     * fire again. The short average climbs for several points after a sudden change, so an episode's
     * first red point often understates it: in UCR series 058 a change announced itself at 10⁻¹⁰ and
     * reached 10⁻¹²⁴ three points later.
     * Firing again when the surprise has grown this much lets the episode's score say how strong it
     * became (UCR ranks series by their highest score), while a surprise that merely lingers or wavers
     * still fires once. With the recent level and new extremes from a series' 500th point, factors from 3
     * to 10 score NAB alike (69.8–70.3) and 3 or 4 find the most UCR series (78, against 75 at 6 and 76 at
     * 8); at 12 NAB loses windows (69.2). (While episodes ended at 10⁻³, a factor of 4 cost NAB half a
     * point and 2 two points, to firings of surprises that were only starting; see the README.)
     */
    static final double REFIRE_DIGITS = 4;
    private static final double LOG_HALF = Math.log(0.5);
    /** Weight of a visit's peak in its hour's baseline. */
    static final double VISIT_WEIGHT = 0.5;

    private final int shortWindow;
    private final double shortWeight;
    private final boolean hourlyBaseline;
    private final ScoringConfig config;

    /** The likelihood of the prediction errors: short window and hourly baselines as configured. */
    public AnomalyLikelihood(ScoringConfig config) {
        this(config, config.shortWindow(), config.hourlyBaseline());
    }

    /** A likelihood with its own short window, with or without hourly baselines of the surprisal. */
    public AnomalyLikelihood(ScoringConfig config, int shortWindow, boolean hourlyBaseline) {
        if (shortWindow < 1) {
            throw new IllegalArgumentException("shortWindow must be >= 1, was " + shortWindow);
        }
        this.config = config;
        this.shortWindow = shortWindow;
        this.shortWeight = 2.0 / (shortWindow + 1);
        this.hourlyBaseline = hourlyBaseline;
    }

    /**
     * Folds in the surprisal of the {@code n}-th statistic update (n ≥ 1) at {@code ts} and returns
     * the log of the tail probability, before the red-run filter ({@link #fireOnce}). Mutates
     * {@code stats}, and {@code hourly} (the baselines of the surprisal per hour of day) when
     * this likelihood uses them; {@code previousTs} is the time of the previous update
     * ({@code Long.MIN_VALUE} for the first), which tells whether a new visit to an hour begins;
     * {@code learning} scales how much the long-run statistics learn from this point (1 normally,
     * less while the series is anomalous: see ScoringConfig#anomalyLearning).
     */
    public double logTail(SurprisalStats stats, float[] hourly, double surprisal, long n, long ts, long previousTs,
                          double learning) {
        double shortAvg = n == 1 ? surprisal : stats.shortAverage + shortWeight * (surprisal - stats.shortAverage);
        double logTail;
        if (n <= shortWindow) {
            logTail = LOG_HALF; // no long-run history yet to judge against
        } else {
            double std = Math.max(Math.sqrt(stats.longVariance), config.minLongStd());
            double usual = stats.longMean;
            if (hourlyBaseline) {
                usual = Math.max(usual, hourly[SeriesState.hourOf(ts)]);
            }
            logTail = logUpperTail((shortAvg - usual) / std);
        }
        double w = Math.max(1.0 / n, 1.0 / config.longHorizon()) * learning;
        double d = shortAvg - stats.longMean;
        stats.longMean = (float) (stats.longMean + w * d);
        stats.longVariance = (float) ((1 - w) * (stats.longVariance + w * d * d));
        stats.shortAverage = (float) shortAvg;
        if (hourlyBaseline) {
            foldIntoVisit(stats, hourly, shortAvg, ts, previousTs);
        }
        return logTail;
    }

    /**
     * Keeps the peak of the short average over the current visit and, when the next visit begins,
     * moves the baseline of the finished visit's hour towards that peak.
     */
    private static void foldIntoVisit(SurprisalStats stats, float[] hourly, double shortAvg, long ts, long previousTs) {
        if (!SeriesState.opensVisit(previousTs, ts)) {
            stats.visitPeak = Half.round((float) Math.max(stats.visitPeak, shortAvg));
            return;
        }
        if (previousTs != Long.MIN_VALUE) {
            int hour = SeriesState.hourOf(previousTs);
            hourly[hour] = Half.round((float) (hourly[hour] + VISIT_WEIGHT * (stats.visitPeak - hourly[hour])));
        }
        stats.visitPeak = Half.round((float) shortAvg);
    }

    /**
     * The score of a point whose (smallest) log tail probability is {@code logTail}, after the
     * red-run filter, which {@code s} carries from point to point. A series judged by several
     * likelihoods has one filter over all of them, so a change that turns them red one after the
     * other still fires once. Inside an episode a red point fires again only when it has at least
     * {@value #REFIRE_DIGITS} times the digits of surprise of the episode's last firing.
     */
    public static double fireOnce(SeriesState s, double logTail) {
        boolean red = logTail <= LOG_RED;
        boolean fires = red && (!s.inRedEpisode || logTail < REFIRE_DIGITS * s.lastFiredLogTail);
        double score = scoreOf(red && !fires ? LOG_YELLOW : logTail);
        s.inRedEpisode = red || (s.inRedEpisode && logTail <= LOG_HALF);
        s.lastFiredLogTail = !s.inRedEpisode ? 0 : fires ? (float) logTail : s.lastFiredLogTail;
        s.redRun = runAfter(s.redRun, logTail);
        return score;
    }

    /**
     * The filter over the period model's judgements, which come once a block, with a run of its own
     * (in blocks) and one difference: a red block more surprising than every block before it in the
     * run fires again. A cycle that goes on deforming keeps one alert while it stays as bad, and
     * its worst block is where its score peaks. (Holding every later red block at 10⁻³, as the
     * point filter does, lost 6 UCR series whose first red block was a mild one.)
     */
    public static double fireOnce(SeasonalState p, double logTail) {
        boolean red = logTail <= LOG_RED;
        boolean continues = red && p.redRun > 0;
        double shown = continues && logTail >= p.runPeak ? LOG_YELLOW : logTail;
        p.runPeak = red ? (float) (continues ? Math.min(p.runPeak, logTail) : logTail) : 0;
        p.redRun = runAfter(p.redRun, logTail);
        return scoreOf(shown);
    }

    private static int runAfter(int redRun, double logTail) {
        return logTail <= LOG_RED ? Math.min(redRun + 1, SeriesState.MAX_RED_RUN) : 0;
    }

    /**
     * The score of a tail probability p, given as its natural log: L / (1 + L) with L = −log10 p,
     * the decimal digits of surprise. 0.5 is one in ten, 0.8 one in 10⁴, 0.9 one in 10⁹, 0.99 one in
     * 10⁹⁹. Unlike 1 − p, which is 1.0 in double precision for every p below 1e-16 and so ties the
     * strongest anomalies with each other, this keeps ranking them far into the tail (the log tail
     * is exact there: {@link GaussianTail}).
     */
    public static double scoreOf(double logTail) {
        double digits = Math.max(0, -logTail / LN_10);
        return digits / (1 + digits);
    }

    /** The natural log of the tail probability whose score is {@code score} (the inverse of {@link #scoreOf}). */
    public static double logTailOf(double score) {
        if (!(score >= 0 && score < 1)) {
            throw new IllegalArgumentException("score must be in [0, 1), was " + score);
        }
        return -score / (1 - score) * LN_10;
    }

    /** The tail probability whose score is {@code score}. */
    public static double tailOf(double score) {
        return Math.exp(logTailOf(score));
    }

    static final double LN_10 = Math.log(10);

    /**
     * The score of the prediction errors' likelihood alone: {@link #logTail} then {@link #fireOnce},
     * with {@code s.lastTs} as the previous update's time (it becomes {@code ts}).
     */
    public double update(SeriesState s, double surprisal, long n, long ts) {
        double logTail = logTail(s.surprisal, s.hourly(), surprisal, n, ts, n == 1 ? Long.MIN_VALUE : s.lastTs, 1);
        s.lastTs = ts;
        return fireOnce(s, logTail);
    }

    /** log P(Z > z) for a standard normal Z, accurate far into the tail (no underflow, no allocation). */
    static double logUpperTail(double z) {
        return GaussianTail.logUpperTail(z);
    }

    /**
     * Surprisal as the likelihood reads it: −log10 of the two-sided tail probability of the
     * standardised prediction error {@code e}, which is clipped to ±{@value #MAX_ERROR}. Unlike the
     * negative log-likelihood it does not depend on the predicted spread itself, so a model that
     * widens its band where it is unsure does not look surprised there; its long-run mean under a
     * calibrated model is 1/ln 10 ≈ 0.43 whatever the series. The clip keeps one wild point from
     * swamping the long-run variance (the normaliser clips its inputs at 10 too).
     */
    public static double tailSurprisal(double e) {
        double a = Math.min(Math.abs(e), MAX_ERROR);
        return -(Math.log(2) + logUpperTail(a)) / Math.log(10);
    }

    static final double MAX_ERROR = 10;
}
