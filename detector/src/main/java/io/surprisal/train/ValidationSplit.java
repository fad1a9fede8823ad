package io.surprisal.train;

import io.surprisal.history.SeriesHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Which series a training run learns from and which it holds back to judge itself on. */
public final class ValidationSplit {
    private ValidationSplit() {
    }

    /** Splits whole series into [training, validation] deterministically by seed: at least one series on each side. */
    public static List<List<SeriesHistory>> bySeries(List<SeriesHistory> all, double validationShare, long seed) {
        List<SeriesHistory> shuffled = new ArrayList<>(all);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            SeriesHistory t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        int nVal = Math.max(1, (int) Math.round(all.size() * validationShare));
        if (nVal >= all.size()) {
            throw new IllegalArgumentException("need at least 2 series to hold some back for validation, got " + all.size());
        }
        return List.of(shuffled.subList(nVal, shuffled.size()), shuffled.subList(0, nVal));
    }
}
