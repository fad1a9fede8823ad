package io.surprisal.eval;

import java.util.Arrays;
import java.util.List;

/**
 * What a detection on each row of one file would be worth, before the profile's weights: inside a
 * window, the true-positive fraction S(p)/S(-1); outside, the false-positive factor S(q) (negative).
 *
 * <p>Windows are located the way NAB's sweeper does it, walking the rows in file order: a window
 * opens at the row whose timestamp equals its start and closes after the row whose timestamp equals
 * its end; positions are row indices, the window's right edge and width taken from the first rows
 * carrying its limits. Duplicate or backward timestamps are therefore handled exactly as NAB does.
 */
final class RowCredits {

    private static final double MAX_TP = NabRules.scaledSigmoid(-1.0);

    private final int probation;
    private final int[] windowOf;
    private final double[] credit;
    private final boolean[] windowScorable;

    private RowCredits(int probation, int[] windowOf, double[] credit, boolean[] windowScorable) {
        this.probation = probation;
        this.windowOf = windowOf;
        this.credit = credit;
        this.windowScorable = windowScorable;
    }

    static RowCredits of(long[] timestamps, List<NabWindow> windows) {
        int n = timestamps.length;
        int[] windowOf = new int[n];
        Arrays.fill(windowOf, -1);
        double[] credit = new double[n];

        int next = 0;
        int current = -1;
        int currentRight = 0;
        double currentWidth = 0;
        int previousRight = -1;
        double previousWidth = 0;
        for (int i = 0; i < n; i++) {
            if (next < windows.size() && timestamps[i] == windows.get(next).startMillis()) {
                current = next++;
                currentRight = firstRowAt(timestamps, windows.get(current).endMillis());
                currentWidth = currentRight - firstRowAt(timestamps, windows.get(current).startMillis()) + 1;
            }
            if (current >= 0) {
                windowOf[i] = current;
                credit[i] = NabRules.scaledSigmoid(-(currentRight - i + 1) / currentWidth) / MAX_TP;
            } else {
                // No earlier window: as far from one as can be, S = -1.
                double q = previousRight < 0 ? Double.POSITIVE_INFINITY
                        : Math.abs(previousRight - i) / (previousWidth - 1);
                credit[i] = NabRules.scaledSigmoid(q);
            }
            if (current >= 0 && timestamps[i] == windows.get(current).endMillis()) {
                previousRight = i;
                previousWidth = currentWidth;
                current = -1;
            }
        }
        if (next < windows.size()) {
            throw new IllegalArgumentException("window " + (next + 1) + " of " + windows.size()
                    + " never opens: its start is not the timestamp of a row after the previous window");
        }
        int probation = NabRules.probationLength(n);
        boolean[] scorable = new boolean[windows.size()];
        for (int i = probation; i < n; i++) {
            if (windowOf[i] >= 0) {
                scorable[windowOf[i]] = true;
            }
        }
        return new RowCredits(probation, windowOf, credit, scorable);
    }

    private static int firstRowAt(long[] timestamps, long time) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] == time) {
                return i;
            }
        }
        throw new IllegalArgumentException("no row at window limit " + time);
    }

    int size() {
        return credit.length;
    }

    /** Rows before this index are ignored, detections or not. */
    int probation() {
        return probation;
    }

    /** The window the row lies in (index into the file's windows), or -1 outside every window. */
    int windowOf(int row) {
        return windowOf[row];
    }

    /** S(p)/S(-1) inside a window, S(q) outside one. */
    double credit(int row) {
        return credit[row];
    }

    int windowCount() {
        return windowScorable.length;
    }

    /**
     * False for a window that lies wholly in the probation period. NAB's sweeper leaves such a
     * window out entirely (it can be neither hit nor missed), and so do the null and perfect scores.
     */
    boolean isScorable(int window) {
        return windowScorable[window];
    }

    int scorableWindowCount() {
        int count = 0;
        for (boolean scorable : windowScorable) {
            count += scorable ? 1 : 0;
        }
        return count;
    }
}
