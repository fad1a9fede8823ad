package io.surprisal.score;

/** Which part of the detector gave a point its score: what an alert says fired. */
public enum Judgement {
    /** Nothing surprising (a score of 0), or the series is warming up. */
    NONE,
    /** The anomaly likelihood of the recurrent model's prediction errors. */
    PREDICTION,
    /** The deviation from what the series usually shows at this hour of day. */
    DAILY,
    /** The period model: a block off its prediction, or a period of a shape the history never showed. */
    PERIOD,
    /** A value repeated exactly, point after point, more often in a row than the series' own rate of repeats allows. */
    STUCK,
    /** A value beyond the whole range the series has shown. */
    EXTREME,
    /** The deviation from the series' recent level, which stands in for the daily profile until that is ready. */
    LEVEL;

    /** The lower-case name used in records and metrics. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
