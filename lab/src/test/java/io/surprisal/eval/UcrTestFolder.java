package io.surprisal.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Writes small folders in the UCR archive's layout: labels.csv and data/NNN_UCR_Anomaly_T.txt.gz. */
final class UcrTestFolder {

    /** One file to write: its values and its labels.csv row. */
    record Entry(String file, double[] values, int trainEnd, int anomalyStart, int anomalyEnd, boolean oneLine) {
    }

    private final List<Entry> entries = new ArrayList<>();

    UcrTestFolder add(String file, double[] values, int trainEnd, int anomalyStart, int anomalyEnd, boolean oneLine) {
        entries.add(new Entry(file, values, trainEnd, anomalyStart, anomalyEnd, oneLine));
        return this;
    }

    /** Writes root/labels.csv and root/data/*.txt.gz (values in the archive's %.7e form, CRLF line ends). */
    void write(Path root) throws IOException {
        Files.createDirectories(root.resolve("data"));
        StringBuilder labels = new StringBuilder("file,n_points,train_end,anomaly_start,anomaly_end\n");
        for (Entry e : entries) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < e.values().length; i++) {
                text.append(String.format(Locale.ROOT, e.oneLine() ? "  %.7e" : "  %.7e\r\n", e.values()[i]));
            }
            if (e.oneLine()) {
                text.append('\n');
            }
            writeGzip(root.resolve("data").resolve(e.file()), text.toString());
            labels.append(e.file()).append(',').append(e.values().length).append(',').append(e.trainEnd()).append(',')
                    .append(e.anomalyStart()).append(',').append(e.anomalyEnd()).append('\n');
        }
        Files.writeString(root.resolve("labels.csv"), labels.toString());
    }

    static void writeGzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A quiet series (a slow sine) of n points, with one upward spike of the given height at {@code spikeAt} (or none if negative). */
    static double[] sineWithSpike(int n, int spikeAt, double height) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 10 + Math.sin(2 * Math.PI * i / 50.0);
        }
        if (spikeAt >= 0) {
            values[spikeAt] += height;
        }
        return values;
    }

    /**
     * The standard three-file folder: {@code 001} (one value per line, spike inside its anomaly: hit),
     * {@code 002} (all values on one line, spike inside its anomaly: hit) and {@code 003} (spike 150 points
     * after its anomaly's end: miss).
     */
    static UcrTestFolder standard() {
        return new UcrTestFolder()
                .add("001_UCR_Anomaly_200.txt.gz", sineWithSpike(600, 400, 50), 200, 390, 410, false)
                .add("002_UCR_Anomaly_300.txt.gz", sineWithSpike(800, 620, 50), 300, 600, 640, true)
                .add("003_UCR_Anomaly_100.txt.gz", sineWithSpike(500, 450, 50), 100, 250, 300, false);
    }
}
