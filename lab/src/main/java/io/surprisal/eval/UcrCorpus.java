package io.surprisal.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A folder in the layout of the UCR time series anomaly archive (KDD Cup 2021):
 * {@code labels.csv} with header {@code file,n_points,train_end,anomaly_start,anomaly_end}
 * (0-based, inclusive positions) and the value files it names, in {@code data/} beside it (or
 * beside labels.csv itself). Series come in labels.csv order. Only labels.csv is read here; the
 * values of a series are read by {@link #values} when it is its turn, one file at a time.
 *
 * <p>UCR series have no timestamps. Every file gets one point a minute from {@link #EPOCH}
 * (2026-01-01T00:00:00Z), point {@code i} at {@code EPOCH + i minutes}, so a detector with a daily
 * profile sees a 1440-point "day"; the choice is the same for every file and detector.
 */
public final class UcrCorpus {

    public static final String LABELS_FILE = "labels.csv";
    public static final String HEADER = "file,n_points,train_end,anomaly_start,anomaly_end";
    /** The time of point 0 of every UCR series. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** The interval between two points of a UCR series: one minute. */
    public static final long STEP_MILLIS = 60_000L;

    private final Path dataDir;
    private final Path labelsFile;
    private final List<UcrSeries> series;

    private UcrCorpus(Path dataDir, Path labelsFile, List<UcrSeries> series) {
        this.dataDir = dataDir;
        this.labelsFile = labelsFile;
        this.series = List.copyOf(series);
    }

    /** Whether {@code dataDir} is in the UCR layout, i.e. holds a labels.csv. */
    public static boolean isUcrLayout(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(LABELS_FILE));
    }

    /**
     * @param labelsFile labels.csv, or null for {@code dataDir/labels.csv}
     * @throws IllegalArgumentException if the folder or labels.csv is missing
     * @throws MalformedInputException  if labels.csv is malformed or names a file that is not there
     */
    public static UcrCorpus load(Path dataDir, Path labelsFile) {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("data folder not found: " + dataDir);
        }
        Path labels = labelsFile != null ? labelsFile : dataDir.resolve(LABELS_FILE);
        if (!Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("no " + (labelsFile != null ? "labels file " + labels
                    : LABELS_FILE + " in " + dataDir) + "; the UCR layout needs one (header " + HEADER + ")");
        }
        List<UcrSeries> series = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(labels, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.replace("\uFEFF", "").replace(" ", "").trim().equals(HEADER)) {
                throw new MalformedInputException(labels, 1, "expected header '" + HEADER + "', found '" + header + "'");
            }
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                UcrSeries one = parseRow(dataDir, labels, lineNumber, line);
                if (!seen.add(one.file())) {
                    throw new MalformedInputException(labels, lineNumber, "'" + one.file() + "' is listed twice");
                }
                series.add(one);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + labels + ": " + e.getMessage(), e);
        }
        if (series.isEmpty()) {
            throw new MalformedInputException(labels, "no series listed");
        }
        return new UcrCorpus(dataDir, labels, series);
    }

    private static UcrSeries parseRow(Path dataDir, Path labels, int lineNumber, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 5) {
            throw new MalformedInputException(labels, lineNumber, "expected 5 fields (" + HEADER + "), found "
                    + fields.length + ": '" + line.trim() + "'");
        }
        String file = fields[0].trim();
        int[] numbers = new int[4];
        String[] names = HEADER.split(",");
        for (int i = 0; i < 4; i++) {
            try {
                numbers[i] = Integer.parseInt(fields[i + 1].trim());
            } catch (NumberFormatException e) {
                throw new MalformedInputException(labels, lineNumber, names[i + 1] + " is not an integer: '"
                        + fields[i + 1].trim() + "'");
            }
        }
        int nPoints = numbers[0];
        int trainEnd = numbers[1];
        int anomalyStart = numbers[2];
        int anomalyEnd = numbers[3];
        if (nPoints < 1) {
            throw new MalformedInputException(labels, lineNumber, file + ": n_points must be positive, got " + nPoints);
        }
        if (trainEnd < 0 || trainEnd >= nPoints) {
            throw new MalformedInputException(labels, lineNumber, file + ": need 0 <= train_end < n_points, got train_end="
                    + trainEnd + " n_points=" + nPoints);
        }
        if (anomalyStart < 0 || anomalyStart > anomalyEnd || anomalyEnd >= nPoints) {
            throw new MalformedInputException(labels, lineNumber, file + ": need 0 <= anomaly_start <= anomaly_end < n_points, got "
                    + anomalyStart + ".." + anomalyEnd + " n_points=" + nPoints);
        }
        if (file.isEmpty() || file.contains("/") || file.contains("\\")) {
            throw new MalformedInputException(labels, lineNumber, "file must be a plain file name, got '" + file + "'");
        }
        Path inData = dataDir.resolve("data").resolve(file);
        Path beside = dataDir.resolve(file);
        Path path = Files.isRegularFile(inData) ? inData : beside;
        if (!Files.isRegularFile(path)) {
            throw new MalformedInputException(labels, lineNumber, "file not found: " + inData);
        }
        return new UcrSeries(file, path, nPoints, trainEnd, anomalyStart, anomalyEnd);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path labelsFile() {
        return labelsFile;
    }

    /** The series in labels.csv order. */
    public List<UcrSeries> series() {
        return series;
    }

    /** The number of points of all series, as labels.csv gives it (each file is checked against it when read). */
    public long pointCount() {
        return series.stream().mapToLong(UcrSeries::nPoints).sum();
    }

    /**
     * Reads one series' values.
     *
     * @throws MalformedInputException if a value is not a number or the count differs from n_points
     */
    public static double[] values(UcrSeries one) {
        return UcrDataFile.read(one);
    }

    /** The timestamps every UCR series gets: one point a minute from {@link #EPOCH}. */
    public static long[] timestampsMillis(int nPoints) {
        long[] millis = new long[nPoints];
        long start = EPOCH.toEpochMilli();
        for (int i = 0; i < nPoints; i++) {
            millis[i] = start + i * STEP_MILLIS;
        }
        return millis;
    }
}
