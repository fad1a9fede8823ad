package io.surprisal.eval;

import io.surprisal.history.SeriesHistory;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Objects;

/**
 * One data file of the corpus, its rows kept exactly in file order (duplicates and steps back in
 * time included), with the original text of each timestamp and value so that output files can
 * repeat them verbatim.
 */
public final class NabSeries {

    private static final DateTimeFormatter ROW_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final String category;
    private final String fileName;
    private final Path path;
    private final String[] timestampTexts;
    private final long[] timestampsMillis;
    private final String[] valueTexts;
    private final double[] values;

    NabSeries(String category, String fileName, Path path, String[] timestampTexts, long[] timestampsMillis,
              String[] valueTexts, double[] values) {
        int n = timestampTexts.length;
        if (timestampsMillis.length != n || valueTexts.length != n || values.length != n) {
            throw new IllegalArgumentException("column lengths differ");
        }
        this.category = Objects.requireNonNull(category);
        this.fileName = Objects.requireNonNull(fileName);
        this.path = path;
        this.timestampTexts = timestampTexts;
        this.timestampsMillis = timestampsMillis;
        this.valueTexts = valueTexts;
        this.values = values;
    }

    /** Builds a series from values alone, formatting the timestamps; handy for tests and tools. */
    public static NabSeries of(String category, String fileName, long[] timestampsMillis, double[] values) {
        String[] times = new String[timestampsMillis.length];
        String[] texts = new String[values.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = LocalDateTime.ofEpochSecond(Math.floorDiv(timestampsMillis[i], 1000L),
                    (int) Math.floorMod(timestampsMillis[i], 1000L) * 1_000_000, ZoneOffset.UTC).format(ROW_FORMAT);
        }
        for (int i = 0; i < texts.length; i++) {
            texts[i] = Double.toString(values[i]);
        }
        return new NabSeries(category, fileName, null, times, timestampsMillis.clone(), texts, values.clone());
    }

    public String category() {
        return category;
    }

    public String fileName() {
        return fileName;
    }

    /** The key the windows JSON uses: {@code category/file.csv}. */
    public String key() {
        return category + "/" + fileName;
    }

    /** Where the rows were read from; null for a series built in memory. */
    public Path path() {
        return path;
    }

    public int size() {
        return values.length;
    }

    public long timestampMillis(int row) {
        return timestampsMillis[row];
    }

    public String timestampText(int row) {
        return timestampTexts[row];
    }

    public double value(int row) {
        return values[row];
    }

    public String valueText(int row) {
        return valueTexts[row];
    }

    /** A copy of the timestamps, in row order. */
    /** The first {@code rows} points as a history the trainer reads, named by {@link #key()}. */
    public SeriesHistory head(int rows) {
        return new SeriesHistory(key(), Arrays.copyOf(timestampsMillis, rows), Arrays.copyOf(values, rows));
    }

    public long[] timestampsMillis() {
        return timestampsMillis.clone();
    }

    @Override
    public String toString() {
        return key() + " (" + size() + " rows)";
    }
}
