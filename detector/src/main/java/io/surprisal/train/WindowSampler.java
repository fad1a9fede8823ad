package io.surprisal.train;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws training windows uniformly over every window start of every series, so a long series weighs
 * as much as its windows and a short one as little.
 */
final class WindowSampler {
    private final long[] cumulative;
    private final long total;

    /** {@code steps[i]}: the steps series i offers; windows of {@code window} steps start at 0..steps-window. */
    WindowSampler(List<Integer> steps, int window) {
        cumulative = new long[steps.size()];
        long sum = 0;
        for (int i = 0; i < steps.size(); i++) {
            sum += steps.get(i) - window + 1;
            cumulative[i] = sum;
        }
        total = sum;
    }

    /** Fills {@code seriesOf[b]} and {@code startOf[b]} with the series and start step of window b. */
    void draw(SplittableRandom rnd, int[] seriesOf, int[] startOf) {
        for (int b = 0; b < seriesOf.length; b++) {
            long pick = rnd.nextLong(total);
            int idx = lowerBound(pick);
            long before = idx == 0 ? 0 : cumulative[idx - 1];
            seriesOf[b] = idx;
            startOf[b] = (int) (pick - before);
        }
    }

    private int lowerBound(long pick) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > pick) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
