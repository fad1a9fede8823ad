package io.surprisal.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads one NAB data CSV ({@code timestamp,value}), keeping the rows in file order. */
final class NabDataFile {

    private NabDataFile() {
    }

    static NabSeries read(String category, Path file) {
        List<String> times = new ArrayList<>();
        List<String> valueTexts = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new MalformedInputException(file, 1, "empty file, expected header 'timestamp,value'");
            }
            String cleaned = header.replace("\uFEFF", "").replace(" ", "").trim();
            if (!cleaned.equals("timestamp,value")) {
                throw new MalformedInputException(file, 1, "expected header 'timestamp,value', found '" + header + "'");
            }
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != 2) {
                    throw new MalformedInputException(file, lineNumber,
                            "expected 2 fields (timestamp,value), found " + fields.length + ": '" + line + "'");
                }
                try {
                    millis.add(NabTimestamps.parseMillis(fields[0]));
                } catch (IllegalArgumentException e) {
                    throw new MalformedInputException(file, lineNumber, e.getMessage());
                }
                double value = parseValue(file, lineNumber, fields[1]);
                times.add(fields[0].trim());
                valueTexts.add(fields[1].trim());
                values.add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (values.isEmpty()) {
            throw new MalformedInputException(file, 2, "no data rows");
        }
        return new NabSeries(category, file.getFileName().toString(), file,
                times.toArray(String[]::new), millis.stream().mapToLong(Long::longValue).toArray(),
                valueTexts.toArray(String[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double parseValue(Path file, int lineNumber, String text) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new MalformedInputException(file, lineNumber, "value is not a number: '" + text + "'");
        }
        if (!Double.isFinite(value)) {
            throw new MalformedInputException(file, lineNumber, "value is not finite: '" + text + "'");
        }
        return value;
    }
}
