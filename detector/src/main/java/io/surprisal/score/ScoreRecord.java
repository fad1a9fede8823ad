package io.surprisal.score;

/**
 * The detector's answer for one point, written by {@link Detector#update} into a caller-owned,
 * reused instance. {@code expected}, {@code lower} and {@code upper} are in the series' own units:
 * what the model expected for this point before it arrived, and the central band around it.
 */
public final class ScoreRecord {
    public long ts;
    public double value;
    public double expected;
    public double lower;
    public double upper;
    /** Gaussian negative log-likelihood of the normalised value under the previous step's prediction (nats). */
    public double surprisal;
    /** Probability, in [0, 1], that the series' recent behaviour departs from its own history. */
    public double score;
    public boolean anomaly;
    public boolean warmup;
    /** Version of the model that produced this score. */
    public String model;
    /** The part of the detector whose judgement the score is (NONE for a score of 0 or during warm-up). */
    public Judgement judgement = Judgement.NONE;
}
