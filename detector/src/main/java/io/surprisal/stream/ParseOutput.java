package io.surprisal.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * What one input record became: its points, the lines of it that could not be read (line formats: a
 * bad line does not cost the good lines around it) or, in otlp, the data points that could not be,
 * and the data points it holds that no format scores (otlp histograms and summaries: counted, not
 * dead-lettered). The parse stage forwards the points and turns each bad line or data point into a
 * dead letter of its own; one instance is reused for every record, so a record allocates only its points.
 */
public final class ParseOutput {
    /**
     * One unreadable line: its number in the record (from 1), its bytes {@code [from, to)} and why; or,
     * when {@code bytes} is set, one unreadable data point of a binary format: {@code line} is its number
     * among the record's data points (from 1) and {@code bytes} what its dead letter carries, since a
     * slice of a protobuf is not a message anyone can read.
     */
    public record BadLine(int line, int from, int to, String reason, String message, byte[] bytes) {
        /** Whether this is a data point of a binary format (its dead letter is {@link #bytes}), not a line. */
        public boolean isDataPoint() {
            return bytes != null;
        }
    }

    /** Data points of one kind that were read and deliberately not scored (e.g. otlp histograms). */
    public record Skipped(String kind, int count) {
    }

    private final ArrayList<PointParser.ParsedPoint> points = new ArrayList<>(4);
    private final ArrayList<BadLine> badLines = new ArrayList<>(0);
    private final ArrayList<Skipped> skipped = new ArrayList<>(0);
    private boolean keyMatched = true;

    void clear() {
        points.clear();
        badLines.clear();
        skipped.clear();
        keyMatched = true;
    }

    void add(PointParser.ParsedPoint p) {
        points.add(p);
    }

    /** Where a line's points start, so that a line that fails half-way leaves none of them ({@link #rollback}). */
    int mark() {
        return points.size();
    }

    void rollback(int mark) {
        while (points.size() > mark) {
            points.remove(points.size() - 1);
        }
    }

    void reject(int line, int from, int to, BadRecordException e) {
        badLines.add(new BadLine(line, from, to, e.reason(), e.getMessage(), null));
    }

    /** Data point number {@code point} (from 1) cannot be read; {@code bytes} is what its dead letter carries. */
    void rejectDataPoint(int point, byte[] bytes, BadRecordException e) {
        badLines.add(new BadLine(point, 0, bytes.length, e.reason(), e.getMessage(), bytes));
    }

    void skip(String kind, int count) {
        if (count > 0) {
            skipped.add(new Skipped(kind, count));
        }
    }

    void keyMatched(boolean matched) {
        keyMatched = matched;
    }

    public List<PointParser.ParsedPoint> points() {
        return points;
    }

    public List<BadLine> badLines() {
        return badLines;
    }

    /** What the record held that is not scored by design, by kind: not an error, so no dead letter. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /**
     * False when, with keyIsSeries, the key was not the series (only seen with {@code onKeyMismatch:
     * repartition}; otherwise such a record is a key-mismatch).
     */
    public boolean keyMatched() {
        return keyMatched;
    }

    boolean isEmpty() {
        return points.isEmpty() && badLines.isEmpty() && skipped.isEmpty();
    }
}
