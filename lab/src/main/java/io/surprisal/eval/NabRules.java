package io.surprisal.eval;

/** The two formulas of NAB's scoring that everything else builds on. */
final class NabRules {

    /** NAB's share of each file whose rows are never scored, and its cap (0.15 × 5000 rows). */
    static final double PROBATION_PERCENT = 0.15;
    static final int MAX_PROBATION_ROWS = 750;

    private NabRules() {
    }

    /** Rows {@code 0 .. probationLength(n) - 1} are ignored: the detector is still learning there. */
    static int probationLength(int rows) {
        return (int) Math.min(Math.floor(PROBATION_PERCENT * rows), MAX_PROBATION_ROWS);
    }

    /**
     * S(x) = 2/(1+e^(5x)) - 1: near 1 at the start of a window (x = -1), 0 at its end (x = 0),
     * negative after it, and exactly -1 once x > 3, i.e. far after the window.
     */
    static double scaledSigmoid(double x) {
        if (x > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }
}
