package io.surprisal.state;

import java.util.Arrays;

/**
 * What a series usually shows at each hour of day, in its own units, as a level plus what each
 * hour adds to it (on weekdays, with what the hour adds beyond that on a weekend), and how far its
 * values usually stray from that: the second expectation a point is judged against (see
 * {@code io.surprisal.score.DailyDeviation}), with the likelihood statistics of that judgement.
 */
public final class DailyProfile {
    /** Counts and visits saturate here: enough for the readiness check and for the averaging weights. */
    public static final int MAX_COUNT = 255;

    /** The series' current level, which follows it within a few dozen points. */
    public double level;
    /** What each hour of a weekday usually adds to the level (index = hour). */
    public final float[] usual = new float[SeriesState.HOURS];
    /** Points seen at each hour of day, saturating at {@link #MAX_COUNT}. */
    public final short[] counts = new short[SeriesState.HOURS];
    /** Separate stretches of points seen at each hour of day (about one a day), saturating at {@link #MAX_COUNT}. */
    public final short[] visits = new short[SeriesState.HOURS];
    /** Mean square deviation from the usual value at each hour of day. */
    public final float[] variance = new float[SeriesState.HOURS];
    /** What each hour of a weekend day (Saturday, Sunday) adds beyond its weekday value (index = hour). */
    public final float[] weekend = new float[SeriesState.HOURS];
    /** Weekend points seen at each hour of day, saturating at {@link #MAX_COUNT}. */
    public final short[] weekendCounts = new short[SeriesState.HOURS];
    /** Mean square deviation from the usual value of the hour, pooled over all hours. */
    public float residualVariance;
    /** Likelihood updates of the deviation so far (the likelihood's averaging weights start from it). */
    public int updates;
    /** The likelihood statistics of the deviation. */
    public final SurprisalStats surprisal = new SurprisalStats();

    /** True once the profile has judged a point: every hour of day has been seen often enough. */
    public boolean judges() {
        return updates > 0;
    }

    /** True while nothing has been learned: such a profile is not stored. */
    public boolean isEmpty() {
        return !anyCounted(counts);
    }

    /**
     * What the hour of {@code ts} adds to the level: its weekday value, and its weekend part on a weekend; {@code ts} is
     * on the wall clock the profile is kept in (LocalClock#local).
     */
    public double seasonalAt(long ts) {
        return seasonal(SeriesState.hourOf(ts), SeriesState.isWeekend(ts));
    }

    /** What an hour of day (of the scoring's time zone, UTC by default) adds to the level on a weekday, or on a weekend day. */
    public double seasonal(int hour, boolean weekendDay) {
        return usual[hour] + (weekendDay ? weekend[hour] : 0);
    }

    /** True once a weekend point has been learned: only then is the weekend part stored. */
    public boolean hasWeekend() {
        return anyCounted(weekendCounts);
    }

    private static boolean anyCounted(short[] perHour) {
        for (short count : perHour) {
            if (count != 0) {
                return true;
            }
        }
        return false;
    }

    public void clear() {
        level = 0;
        Arrays.fill(usual, 0f);
        Arrays.fill(counts, (short) 0);
        Arrays.fill(visits, (short) 0);
        Arrays.fill(variance, 0f);
        Arrays.fill(weekend, 0f);
        Arrays.fill(weekendCounts, (short) 0);
        residualVariance = 0;
        updates = 0;
        surprisal.clear();
    }
}
