package io.surprisal.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code <out>/<category>/<name>.csv}: the input rows verbatim, in input order, with the
 * anomaly score appended. Scores are written in full precision so that rescoring the files gives
 * exactly the numbers printed.
 */
final class ScoreFileWriter {

    static final String HEADER = "timestamp,value,anomaly_score";

    private ScoreFileWriter() {
    }

    static Path write(Path outDir, NabSeries series, double[] scores) {
        Path file = outDir.resolve(series.category()).resolve(series.fileName());
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writer.write(HEADER);
                writer.newLine();
                for (int i = 0; i < series.size(); i++) {
                    writer.write(series.timestampText(i));
                    writer.write(',');
                    writer.write(series.valueText(i));
                    writer.write(',');
                    writer.write(Double.toString(scores[i]));
                    writer.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
