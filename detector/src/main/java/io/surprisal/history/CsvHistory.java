package io.surprisal.history;

import io.surprisal.time.Timestamps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * History from a folder of CSV files, one series per file (id = path relative to the folder),
 * header {@code timestamp,value}: the NAB layout, or any export of a metric store. Timestamps are
 * read like the detector reads them (ISO-8601, "YYYY-MM-DD HH:MM:SS" as UTC, or epoch ms); rows
 * whose value is not a finite number are skipped, as the detector would dead-letter them.
 */
public final class CsvHistory {
    private CsvHistory() {
    }

    public static List<SeriesHistory> read(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no .csv files under " + folder);
        }
        List<SeriesHistory> out = new ArrayList<>();
        for (Path f : files) {
            out.add(readOne(folder.relativize(f).toString().replace(".csv", ""), f));
        }
        return out;
    }

    static SeriesHistory readOne(String id, Path file) {
        long[] times = new long[1024];
        double[] values = new double[1024];
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String header = r.readLine();
            if (header == null || !header.toLowerCase().startsWith("timestamp")) {
                throw new IOException(file + ": the first line must be the header timestamp,value");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw new IOException(file + ":" + lineNo + ": expected timestamp,value");
                }
                String t = line.substring(0, comma).trim();
                double v;
                try {
                    v = Double.parseDouble(line.substring(comma + 1).trim());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!Double.isFinite(v)) {
                    continue;
                }
                long tsMs;
                try {
                    tsMs = t.chars().allMatch(Character::isDigit) ? Long.parseLong(t) : Timestamps.isoMillis(t);
                } catch (Exception e) {
                    throw new IOException(file + ":" + lineNo + ": cannot read timestamp '" + t + "'");
                }
                if (n == times.length) {
                    times = java.util.Arrays.copyOf(times, n * 2);
                    values = java.util.Arrays.copyOf(values, n * 2);
                }
                times[n] = tsMs;
                values[n] = v;
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SeriesHistory(id, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(values, n));
    }
}
