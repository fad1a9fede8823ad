package io.surprisal.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;

/**
 * Reads the values of one UCR file: gzip (or plain text when the name does not end in {@code .gz}),
 * numbers separated by any whitespace, usually one a line but a whole series on one line works as
 * well. Values are parsed as they stream by, so a file costs its {@code double[]} and no text.
 */
final class UcrDataFile {

    private UcrDataFile() {
    }

    /**
     * @throws MalformedInputException for a value that is not a finite number (naming file and line), or a
     *                                 count of values other than labels.csv's {@code n_points}
     * @throws UncheckedIOException    if the file cannot be read or is not valid gzip
     */
    static double[] read(UcrSeries series) {
        double[] values = new double[series.nPoints()];
        long count = 0;
        try (InputStream raw = Files.newInputStream(series.path());
             InputStream in = series.path().getFileName().toString().endsWith(".gz")
                     ? new GZIPInputStream(raw, 1 << 16) : raw;
             Reader reader = new InputStreamReader(in, StandardCharsets.US_ASCII)) {
            char[] buffer = new char[1 << 16];
            StringBuilder token = new StringBuilder(32);
            int line = 1;
            int tokenLine = 1;
            boolean afterCr = false;
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    boolean newline = c == '\n' || c == '\r';
                    if (newline || Character.isWhitespace(c)) {
                        if (!token.isEmpty()) {
                            keep(values, count, parse(series, tokenLine, count, token));
                            count++;
                            token.setLength(0);
                        }
                        if (c == '\n' && !afterCr || c == '\r') {
                            line++;
                        }
                        afterCr = c == '\r';
                    } else {
                        if (token.isEmpty()) {
                            tokenLine = line;
                        }
                        token.append(c);
                        afterCr = false;
                    }
                }
            }
            if (!token.isEmpty()) {
                keep(values, count, parse(series, tokenLine, count, token));
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + series.path() + ": " + e.getMessage(), e);
        }
        if (count != series.nPoints()) {
            throw new MalformedInputException(series.path(), "has " + count + " values, but labels.csv says n_points="
                    + series.nPoints());
        }
        return values;
    }

    private static double parse(UcrSeries series, int line, long index, CharSequence token) {
        String text = token.toString();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new MalformedInputException(series.path(), line, "value " + index + " is not a number: '" + abbreviate(text) + "'");
        }
        if (!Double.isFinite(value)) {
            throw new MalformedInputException(series.path(), line, "value " + index + " is not finite: '" + abbreviate(text) + "'");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Keeps the value of the {@code index}-th token when it fits; beyond n_points it is only counted (and checked). */
    private static void keep(double[] values, long index, double value) {
        if (index < values.length) {
            values[(int) index] = value;
        }
    }
}
