package io.surprisal.bench;

import io.surprisal.state.SeriesStateSerde;

/**
 * The I/O shape of a shaped baseline: the bytes of the value it stores per series and of the record it
 * emits per point. Measuring several shapes in one run prices a lever before it is built: a smaller state
 * layout, or a compact score format.
 */
public record ShapedSize(int stateBytes, int outputBytes) {
    /**
     * The detector's shape in the bench: a series state with a full history and a daily profile without its
     * weekend part (the bench's points stay on weekdays), and the JSON score of a bench series (no tags;
     * SerdeBench.scoreJson prints it).
     */
    public static final ShapedSize DETECTOR =
            new ShapedSize(SeriesStateSerde.maxSize(32, false, 64) - SeriesStateSerde.WEEKEND_BYTES, 225);

    public ShapedSize {
        if (stateBytes < 1 || outputBytes < 1) {
            throw new IllegalArgumentException("a shaped baseline needs at least one byte of state and of output, was "
                    + stateBytes + "x" + outputBytes);
        }
    }

    /** {@code STATExOUTPUT}, e.g. {@code 587x225}. */
    public static ShapedSize parse(String text) {
        String[] parts = text.trim().split("x", -1);
        if (parts.length != 2) {
            throw malformed(text);
        }
        try {
            return new ShapedSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw malformed(text);
        }
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException("a shaped size is STATE_BYTESxOUTPUT_BYTES, e.g. 587x225, was '" + text + "'");
    }

    @Override
    public String toString() {
        return stateBytes + "x" + outputBytes;
    }
}
