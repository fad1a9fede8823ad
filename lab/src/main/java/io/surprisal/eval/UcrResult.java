package io.surprisal.eval;

import java.util.List;
import java.util.Locale;

/** A whole UCR run: one outcome per series, in labels.csv order. */
public record UcrResult(String detector, List<UcrOutcome> outcomes, long points, double replaySeconds, int threads) {

    public UcrResult {
        outcomes = List.copyOf(outcomes);
    }

    public int series() {
        return outcomes.size();
    }

    public int hits() {
        return (int) outcomes.stream().filter(UcrOutcome::hit).count();
    }

    /** Series whose maximum was reached at more than one point. */
    public int tied() {
        return (int) outcomes.stream().filter(UcrOutcome::tied).count();
    }

    /** hits / series. */
    public double score() {
        return outcomes.isEmpty() ? 0.0 : (double) hits() / series();
    }

    public double pointsPerSecond() {
        return replaySeconds > 0 ? points / replaySeconds : 0.0;
    }

    /** The last line eval prints: {@code ucr=S hits=H series=N}, S with 3 decimals. */
    public String summaryLine() {
        return String.format(Locale.ROOT, "ucr=%.3f hits=%d series=%d", score(), hits(), series());
    }
}
