package io.surprisal.eval;

/**
 * The UCR archive's own protocol: {@code loc} is the position of the highest score at or after
 * {@code train_end} (the first of several equal ones), and a series is a hit when
 * {@code anomaly_start - 100 <= loc <= anomaly_end + 100}. The UCR score is hits / series.
 */
public final class UcrProtocol {

    /** How far before the anomaly's start or after its end {@code loc} may lie and still hit. */
    public static final int MARGIN = 100;

    public static final String DESCRIPTION = "loc = position of the highest score at or after train_end (ties: the first); "
            + "hit when anomaly_start - " + MARGIN + " <= loc <= anomaly_end + " + MARGIN + "; ucr = hits / series";

    private UcrProtocol() {
    }

    /**
     * @param scores one score per point of the series; those before train_end are ignored
     */
    public static UcrOutcome judge(UcrSeries series, double[] scores) {
        if (scores.length != series.nPoints()) {
            throw new IllegalArgumentException(series.file() + ": " + scores.length + " scores for " + series.nPoints() + " points");
        }
        int loc = series.trainEnd();
        double max = scores[loc];
        int tied = 1;
        for (int i = loc + 1; i < scores.length; i++) {
            if (scores[i] > max) {
                max = scores[i];
                loc = i;
                tied = 1;
            } else if (scores[i] == max) {
                tied++;
            }
        }
        return new UcrOutcome(series, loc, max, tied, isHit(series, loc));
    }

    /** Whether {@code loc} lies in the anomaly widened by {@link #MARGIN} points on either side. */
    public static boolean isHit(UcrSeries series, int loc) {
        return (long) series.anomalyStart() - MARGIN <= loc && loc <= (long) series.anomalyEnd() + MARGIN;
    }
}
