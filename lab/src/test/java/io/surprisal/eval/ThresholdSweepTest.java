package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The O(n log n) sweep against a brute force that re-scores every distinct threshold from the
 * README's rules, written independently of the scorer (windows as row ranges on regular time).
 */
class ThresholdSweepTest {

    private record File(NabSeries series, int[][] windows, double[] scores) {
    }

    @Test
    void fastSweepFindsTheSameBestThresholdAndScoreAsBruteForce() {
        Random random = new Random(20240611L);
        for (int trial = 0; trial < 60; trial++) {
            List<File> files = randomCorpus(random, trial);
            List<ScoredSeries> scored = new ArrayList<>();
            for (File file : files) {
                scored.add(ScoredSeries.of(file.series(), toWindows(file), file.scores()));
            }
            for (CostProfile profile : CostProfile.nabDefaults()) {
                double[] expected = bruteForceBest(files, profile);
                ProfileScore actual = NabScorer.score(scored, List.of(profile)).get(0);
                String where = "trial " + trial + ", " + profile.name();
                assertEquals(expected[0], actual.threshold(), where);
                assertEquals(expected[1], actual.raw(), 1e-9, where);
                ThresholdSweep.Result sweep = new ThresholdSweep(scored).best(profile);
                assertEquals(expected[1], sweep.rawScore(), 1e-9, where);
            }
        }
    }

    private static List<File> randomCorpus(Random random, int trial) {
        List<File> files = new ArrayList<>();
        int fileCount = 1 + random.nextInt(4);
        for (int f = 0; f < fileCount; f++) {
            int rows = 40 + random.nextInt(400);
            NabSeries series = TestSeries.series("c" + (f % 2) + "/f" + f + ".csv", rows);
            List<int[]> windows = new ArrayList<>();
            int row = random.nextInt(rows / 3);
            while (row < rows - 1 && random.nextDouble() < 0.7) {
                int width = 1 + random.nextInt(Math.min(40, rows - row));
                windows.add(new int[] {row, row + width - 1});
                row += width + 1 + random.nextInt(rows / 2);
            }
            // Coarse scores in some trials make many ties, which is where sweeps go wrong.
            int levels = trial % 2 == 0 ? 10 : 0;
            double[] scores = new double[rows];
            for (int i = 0; i < rows; i++) {
                double u = random.nextDouble();
                scores[i] = levels > 0 ? Math.floor(u * levels) / levels : u * u;
            }
            files.add(new File(series, windows.toArray(int[][]::new), scores));
        }
        return files;
    }

    private static List<NabWindow> toWindows(File file) {
        List<NabWindow> windows = new ArrayList<>();
        for (int[] w : file.windows()) {
            windows.add(new NabWindow(file.series().timestampMillis(w[0]), file.series().timestampMillis(w[1])));
        }
        return windows;
    }

    /** @return {best threshold (highest on ties, +inf for none), its raw score} */
    private static double[] bruteForceBest(List<File> files, CostProfile profile) {
        TreeSet<Double> thresholds = new TreeSet<>();
        thresholds.add(Double.POSITIVE_INFINITY);
        for (File file : files) {
            int probation = (int) Math.min(Math.floor(0.15 * file.scores().length), 750);
            for (int i = probation; i < file.scores().length; i++) {
                thresholds.add(file.scores()[i]);
            }
        }
        double bestThreshold = Double.NaN;
        double bestRaw = Double.NEGATIVE_INFINITY;
        for (double threshold : thresholds.descendingSet()) {
            double raw = 0;
            for (File file : files) {
                raw += rawScore(file, profile, threshold);
            }
            if (raw > bestRaw) {
                bestRaw = raw;
                bestThreshold = threshold;
            }
        }
        return new double[] {bestThreshold, bestRaw};
    }

    private static double rawScore(File file, CostProfile profile, double threshold) {
        double[] scores = file.scores();
        int probation = (int) Math.min(Math.floor(0.15 * scores.length), 750);
        double raw = 0;
        for (int[] w : file.windows()) {
            if (w[1] < probation) {
                continue; // wholly in probation: neither hit nor missed
            }
            int earliest = -1;
            for (int i = Math.max(w[0], probation); i <= w[1] && earliest < 0; i++) {
                if (scores[i] >= threshold) {
                    earliest = i;
                }
            }
            double width = w[1] - w[0] + 1;
            raw += earliest < 0 ? -profile.fnWeight()
                    : profile.tpWeight() * sigmoid(-(w[1] - earliest + 1) / width) / sigmoid(-1);
        }
        for (int i = probation; i < scores.length; i++) {
            if (scores[i] < threshold || insideWindow(file, i)) {
                continue;
            }
            int[] preceding = null;
            for (int[] w : file.windows()) {
                if (w[1] < i) {
                    preceding = w;
                }
            }
            double s = -1.0;
            if (preceding != null && preceding[1] > preceding[0]) {
                double q = (i - preceding[1]) / (double) (preceding[1] - preceding[0]);
                s = q > 3 ? -1.0 : sigmoid(q);
            }
            raw += profile.fpWeight() * s;
        }
        return raw;
    }

    private static boolean insideWindow(File file, int row) {
        for (int[] w : file.windows()) {
            if (row >= w[0] && row <= w[1]) {
                return true;
            }
        }
        return false;
    }

    private static double sigmoid(double x) {
        return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }
}
