package io.surprisal.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A tiny NAB-layout corpus: three noisy daily-ish series in two categories, each with an upward
 * spike at the start of its one window, and one duplicated row (as in the real corpus).
 */
final class SyntheticCorpus {

    static final int ROWS = 300;
    static final int WINDOW_START = 150;
    static final int WINDOW_END = 170;
    static final List<String> KEYS = List.of("alpha/one.csv", "alpha/two.csv", "beta/three.csv");

    private SyntheticCorpus() {
    }

    /** Writes data/ and labels/windows.json under root; the files have ROWS + 1 rows (one duplicate). */
    static void write(Path root) throws IOException {
        Random random = new Random(11);
        StringBuilder labels = new StringBuilder("{\n");
        for (int f = 0; f < KEYS.size(); f++) {
            StringBuilder csv = new StringBuilder("timestamp,value\n");
            String windowStart = null;
            String windowEnd = null;
            for (int i = 0; i < ROWS; i++) {
                String time = String.format(Locale.ROOT, "2015-02-%02d %02d:%02d:00", 1 + i / 96, (i % 96) / 4, (i % 4) * 15);
                double value = 50 + 10 * Math.sin(2 * Math.PI * i / 96.0) + random.nextGaussian();
                if (i == WINDOW_START) {
                    value += 80;
                    windowStart = time;
                }
                if (i == WINDOW_END) {
                    windowEnd = time;
                }
                csv.append(time).append(',').append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
                if (i == 100) {
                    csv.append(time).append(',').append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
                }
            }
            Path file = root.resolve("data").resolve(KEYS.get(f));
            Files.createDirectories(file.getParent());
            Files.writeString(file, csv);
            labels.append(String.format("  \"%s\": [[\"%s.000000\", \"%s.000000\"]]%s%n",
                    KEYS.get(f), windowStart, windowEnd, f + 1 < KEYS.size() ? "," : ""));
        }
        labels.append("}\n");
        Path labelsFile = root.resolve("labels").resolve("windows.json");
        Files.createDirectories(labelsFile.getParent());
        Files.writeString(labelsFile, labels);
    }
}
