package io.surprisal.eval;

/**
 * How one UCR series scored.
 *
 * @param loc        the position of the highest score at or after train_end (the first of equal ones)
 * @param maxScore   that score
 * @param tiedPoints how many points at or after train_end have that score (1 when the maximum is unique)
 * @param hit        whether loc lies within the anomaly widened by {@link UcrProtocol#MARGIN}
 */
public record UcrOutcome(UcrSeries series, int loc, double maxScore, int tiedPoints, boolean hit) {

    public boolean tied() {
        return tiedPoints > 1;
    }
}
