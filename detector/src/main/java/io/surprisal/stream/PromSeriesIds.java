package io.surprisal.stream;

/**
 * Series ids as Prometheus prints a series, {@code name{a="1",b="x"}}: labels sorted by name and values
 * escaped as the text exposition format writes them. One rule for every format that names series by a
 * metric and its labels (prometheus, otlp), so the same series reads the same whichever way it came.
 */
final class PromSeriesIds {
    private PromSeriesIds() {
    }

    /**
     * Sorts the first {@code n} labels by name, moving their values with them (insertion sort: a label set
     * is a few labels, and at most 64 fit in an id), then writes the id into {@code id}, replacing what it held.
     */
    static void write(StringBuilder id, String name, String[] names, String[] values, int n) {
        for (int i = 1; i < n; i++) {
            String k = names[i];
            String v = values[i];
            int j = i - 1;
            while (j >= 0 && names[j].compareTo(k) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = k;
            values[j + 1] = v;
        }
        id.setLength(0);
        id.append(name);
        for (int i = 0; i < n; i++) {
            id.append(i == 0 ? '{' : ',').append(names[i]).append("=\"");
            escape(id, values[i]);
            id.append('"');
        }
        if (n > 0) {
            id.append('}');
        }
    }

    /** A label value as the text exposition format writes it: backslash, quote and newline escaped. */
    private static void escape(StringBuilder id, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> id.append("\\\\");
                case '"' -> id.append("\\\"");
                case '\n' -> id.append("\\n");
                default -> id.append(c);
            }
        }
    }
}
