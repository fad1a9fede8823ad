package io.surprisal.state;

/**
 * The series' recent level and how far its values usually stray from it, with the likelihood
 * statistics of those deviations: what a point is judged against until the daily profile is ready
 * (see {@code io.surprisal.score.LevelDeviation}). Learned only while it is in use, and then
 * forgotten: a series whose daily profile judges stores none of it.
 */
public final class RecentLevel {
    /** Points learned so far (saturating at Integer.MAX_VALUE); 0 while not in use. */
    public int points;
    /** The series' recent level: an average of its last few dozen values. */
    public double level;
    /** Mean square deviation of a value from the level before it. */
    public float variance;
    /** The likelihood statistics of the deviations. */
    public final SurprisalStats surprisal = new SurprisalStats();

    /** True while the level is being learned: only then is it stored. */
    public boolean inUse() {
        return points > 0;
    }

    public void clear() {
        points = 0;
        level = 0;
        variance = 0;
        surprisal.clear();
    }
}
