package io.surprisal.score;

import io.surprisal.state.DailyProfile;
import io.surprisal.state.SeriesState;

/**
 * The second expectation a point is judged against: what the series usually shows at this hour of
 * day (of the scoring's time zone, UTC by default). The recurrent model predicts from the last few dozen points, so it adapts within
 * a few steps to a day that goes wrong (a plateau that stays low, a morning rise that never
 * comes, a holiday) and stops being surprised; the daily profile is not fooled, because it
 * remembers the same hour on earlier days.
 *
 * <p>The expectation is additive, as in Holt–Winters with one seasonal index per hour: the
 * series' level, which follows it within about {@value #LEVEL_MEMORY} points, plus what the hour
 * usually adds to it. So a permanent change of level (a recalibration, a new load) surprises the
 * profile for a few dozen points and then not at all, while a day whose shape goes wrong keeps
 * surprising it from its first point. (Judged against each hour's usual raw value instead, a level
 * shift kept firing at every hour for a day or two while each hour caught up: on the simulator's
 * long runs that cost 0.2 of precision.)
 *
 * <p>Weekends are the weekly rhythm of most series people watch (traffic, rides, tweets, office
 * load): each hour of day also keeps what it adds on a Saturday or Sunday (in the scoring's time zone) beyond its weekday
 * value, learned from weekend points only, while the weekday value learns from weekdays only. A
 * series without a weekly rhythm learns a weekend part near zero and is judged as before; one with
 * a quiet weekend is no longer surprised every Saturday, and a weekday that looks like a Sunday (a
 * holiday) is judged against a weekday. (One offset for the whole weekend day instead of one per
 * hour scored 62.5 on NAB, below no weekly part at all: the shape of the day changes, not only its
 * level. On the whole NAB corpus the weekend part took 64.3 to 65.6, realKnownCause 57.7 to 63.4.)
 *
 * <p>Each hour of day keeps an average of what it adds to the level and of the squared deviations
 * from the expectation (the newest value weighs at least 1/{@value #MEMORY}, about {@value #MEMORY}
 * points of memory per hour); the squared deviations are also pooled over all hours. A point's deviation,
 * standardised by its hour's spread, becomes a tail surprisal as for the prediction errors: a
 * night that is usually quiet judges a wobble more strictly than a busy afternoon. The hour's
 * spread is shrunk towards the pooled one, which counts as {@value #READY} points of the hour's own
 * (the hour's estimate is worth at most about 2·{@value #MEMORY} points, the effective sample of
 * an exponential average of that memory), so an hour with few or freak points does not judge on
 * its own.
 *
 * <p>The profile judges only once every hour of day has {@value #READY} points and has been seen
 * on {@value #READY_DAYS} separate visits (a visit is a stretch of points within one clock hour:
 * about one a day), so a series with less than three days of history, or that is only ever seen
 * at some hours, is never judged by it. Everything is judged before it is learned.
 */
public final class DailyDeviation {
    /** Points each hour of day remembers. */
    static final int MEMORY = 100;
    /** Points the level remembers: the span of the daily likelihood's short average. */
    static final int LEVEL_MEMORY = 30;
    /** Points every hour of day needs before the profile judges. */
    static final int READY = 20;
    /** Days (visits) every hour of day needs before the profile judges: one day says nothing about a daily rhythm. */
    static final int READY_DAYS = 3;
    /** What an hour's exponential averages are worth in plain points: (2 − w) / w at w = 1/MEMORY. */
    private static final int EFFECTIVE_POINTS = 2 * MEMORY - 1;
    /** Points the pooled deviation variance remembers: the memory of all 24 hours. */
    private static final double POOLED_MEMORY = (double) MEMORY * SeriesState.HOURS;
    /** Larger values are not profiled: their squared deviations would overflow the stored floats. */
    static final double MAX_MAGNITUDE = 1e18;

    private DailyDeviation() {
    }

    /**
     * Judges {@code value} at {@code ts} against the profile, then learns it; {@code previousTs} is
     * the series' previous point's timestamp ({@code Long.MIN_VALUE} for its first). Returns the tail
     * surprisal of the standardised deviation, or NaN while the profile is not ready (and for a
     * value beyond ±{@value #MAX_MAGNITUDE}, which is neither judged nor learned). {@code learning}
     * scales what the value teaches the level, the hour's usual value and the spreads (1 for a
     * normal point; see ScoringConfig#anomalyLearning).
     */
    public static double observe(DailyProfile p, double value, long ts, long previousTs, double learning) {
        if (!(Math.abs(value) <= MAX_MAGNITUDE)) {
            return Double.NaN;
        }
        int hour = SeriesState.hourOf(ts);
        boolean ready = true;
        boolean first = true;
        long residuals = 0; // deviations folded into the pool so far (exact until it no longer matters)
        for (int k = 0; k < SeriesState.HOURS; k++) {
            short count = p.counts[k];
            ready &= count >= READY && p.visits[k] >= READY_DAYS;
            first &= count == 0;
            residuals += Math.max(count - 1, 0);
        }
        if (first) {
            p.level = value;
        }
        int count = p.counts[hour];
        boolean weekend = SeriesState.isWeekend(ts);
        double seasonal = p.seasonal(hour, weekend);
        double deviation = value - p.level - seasonal;
        double surprisal = Double.NaN;
        if (ready) {
            int own = Math.min(count - 1, EFFECTIVE_POINTS); // the deviations folded into the hour so far
            double variance = (own * (double) p.variance[hour] + READY * (double) p.residualVariance) / (own + READY);
            if (variance > 0) {
                surprisal = AnomalyLikelihood.tailSurprisal(deviation / Math.sqrt(variance));
            }
        }
        if (count > 0) {
            double square = deviation * deviation;
            double w = Math.max(1.0 / (residuals + 1), 1 / POOLED_MEMORY) * learning;
            p.residualVariance = (float) ((1 - w) * p.residualVariance + w * square);
            double wh = Math.max(1.0 / count, 1.0 / MEMORY) * learning;
            p.variance[hour] = (float) ((1 - wh) * p.variance[hour] + wh * square);
        }
        if (SeriesState.opensVisit(previousTs, ts) && p.visits[hour] < DailyProfile.MAX_COUNT) {
            p.visits[hour]++;
        }
        if (count < DailyProfile.MAX_COUNT) {
            p.counts[hour] = (short) ++count;
        }
        p.level += learning * (value - seasonal - p.level) / LEVEL_MEMORY;
        if (weekend) {
            int weekendCount = p.weekendCounts[hour];
            if (weekendCount < DailyProfile.MAX_COUNT) {
                p.weekendCounts[hour] = (short) ++weekendCount;
            }
            double w = Math.max(1.0 / weekendCount, 1.0 / MEMORY) * learning;
            p.weekend[hour] = (float) (p.weekend[hour] + w * (value - p.level - seasonal));
        } else {
            double w = Math.max(1.0 / count, 1.0 / MEMORY) * learning;
            p.usual[hour] = (float) (p.usual[hour] + w * (value - p.level - p.usual[hour]));
        }
        return surprisal;
    }
}
