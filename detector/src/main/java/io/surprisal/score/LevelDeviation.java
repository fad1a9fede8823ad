package io.surprisal.score;

import io.surprisal.state.RecentLevel;

/**
 * What judges a value's level before the daily profile can: its deviation from the series' recent
 * level (an average of its last {@value #MEMORY} values), standardised by how far values usually
 * stray from that level.
 *
 * <p>The recurrent model predicts the next point from the last few, so after a level shift it is
 * surprised for a point or two and then predicts the new level: a single surprise in a short average
 * of 30 points rarely turns red. The daily profile remembers the level for a few dozen points and so
 * sees a shift for as long, but it judges only once every hour of day has been seen on three days.
 * Until then this judgement stands in for it: the same deviation from the level, without the hour's
 * part. A shift keeps deviating from the recent level for about {@value #MEMORY} points, long enough
 * for the likelihood's short average to climb. (On the demo's series, most of which never span three
 * days, the detector found 116 of 149 level shifts with it and 84 without, at the default threshold;
 * on NAB, where every file reaches a ready profile, it judges the first days: 68.1 without it, 68.6
 * with it.) Once the profile judges, the level is no longer learned or stored: the profile's own
 * level, plus the hour's part, judges the same thing better.
 *
 * <p>Everything is judged before it is learned, and what a point teaches is scaled by the detector's
 * learning share (less while the series is anomalous).
 */
public final class LevelDeviation {
    /** Points the recent level remembers. */
    static final int MEMORY = 20;
    /** Points the usual deviation remembers. */
    static final int SPREAD_MEMORY = 1000;
    /** Points the level learns before it judges: enough for the usual deviation to mean something. */
    static final int READY = 100;

    private LevelDeviation() {
    }

    /**
     * Judges {@code value} against the recent level, then learns it. Returns the tail surprisal of the
     * standardised deviation, or NaN while the level has fewer than {@value #READY} points (and for a
     * value beyond ±{@value DailyDeviation#MAX_MAGNITUDE}, which is neither judged nor learned).
     */
    public static double observe(RecentLevel r, double value, double learning) {
        if (!(Math.abs(value) <= DailyDeviation.MAX_MAGNITUDE)) {
            return Double.NaN;
        }
        int points = r.points;
        if (points == 0) {
            r.level = value;
        }
        double deviation = value - r.level;
        double surprisal = points >= READY && r.variance > 0
                ? AnomalyLikelihood.tailSurprisal(deviation / Math.sqrt(r.variance))
                : Double.NaN;
        if (points > 0) {
            double w = Math.max(1.0 / points, 1.0 / SPREAD_MEMORY) * learning;
            r.variance = (float) ((1 - w) * r.variance + w * deviation * deviation);
        }
        r.level += learning * deviation / Math.min(points + 1, MEMORY);
        r.points = points == Integer.MAX_VALUE ? points : points + 1;
        return surprisal;
    }

    /** The likelihood update number of the newest judged point (1 for the first). */
    static long judged(RecentLevel r) {
        return r.points - READY;
    }
}
