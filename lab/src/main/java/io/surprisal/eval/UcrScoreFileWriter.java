package io.surprisal.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code <out>/<name>.csv} for one UCR series: {@code index,value,anomaly_score}, one row per
 * point in file order, index 0-based, the value as parsed (Java's shortest exact form, so it reads
 * back to the same number), the score in full precision; points before train_end have score 0.
 */
final class UcrScoreFileWriter {

    static final String HEADER = "index,value,anomaly_score";

    private UcrScoreFileWriter() {
    }

    static Path write(Path outDir, UcrSeries series, double[] values, double[] scores) {
        Path file = outDir.resolve(series.name() + ".csv");
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(HEADER);
            writer.newLine();
            StringBuilder row = new StringBuilder(64);
            for (int i = 0; i < values.length; i++) {
                row.setLength(0);
                row.append(i).append(',').append(values[i]).append(',').append(scores[i]).append('\n');
                writer.append(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
