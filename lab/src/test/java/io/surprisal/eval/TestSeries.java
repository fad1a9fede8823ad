package io.surprisal.eval;

import java.util.ArrayList;
import java.util.List;

/** Regular one-minute series and windows given by row index, for hand-computed scoring cases. */
final class TestSeries {

    static final long START = 1_577_836_800_000L; // 2020-01-01 00:00:00 UTC
    static final long MINUTE = 60_000L;

    private TestSeries() {
    }

    static NabSeries series(String key, int rows) {
        long[] times = new long[rows];
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            times[i] = START + i * MINUTE;
        }
        String[] parts = key.split("/");
        return NabSeries.of(parts[0], parts[1], times, values);
    }

    /** Windows from pairs of row indices: {first, last}, ... */
    static List<NabWindow> windows(NabSeries series, int... rowPairs) {
        List<NabWindow> windows = new ArrayList<>();
        for (int k = 0; k < rowPairs.length; k += 2) {
            windows.add(new NabWindow(series.timestampMillis(rowPairs[k]), series.timestampMillis(rowPairs[k + 1])));
        }
        return windows;
    }

    /** Scores of 1 on the given rows, 0 elsewhere. */
    static double[] detectionsAt(int rows, int... detectedRows) {
        double[] scores = new double[rows];
        for (int row : detectedRows) {
            scores[row] = 1.0;
        }
        return scores;
    }
}
