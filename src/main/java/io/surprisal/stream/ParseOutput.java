package io.surprisal.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * What one input record became: its points, and the lines of it that could not be read (line
 * formats only: a bad line does not cost the good lines around it). The parse stage forwards the
 * points and turns each bad line into a dead letter of its own bytes; one instance is reused for
 * every record, so a record allocates only its points.
 */
public final class ParseOutput {
    /** One unreadable line: its number in the record (from 1), its bytes {@code [from, to)} and why. */
    public record BadLine(int line, int from, int to, String reason, String message) {
    }

    private final ArrayList<PointParser.ParsedPoint> points = new ArrayList<>(4);
    private final ArrayList<BadLine> badLines = new ArrayList<>(0);
    private boolean keyMatched = true;

    void clear() {
        points.clear();
        badLines.clear();
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
        badLines.add(new BadLine(line, from, to, e.reason(), e.getMessage()));
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

    /**
     * False when, with keyIsSeries, the key was not the series (only seen with {@code onKeyMismatch:
     * repartition}; otherwise such a record is a key-mismatch).
     */
    public boolean keyMatched() {
        return keyMatched;
    }

    boolean isEmpty() {
        return points.isEmpty() && badLines.isEmpty();
    }
}
