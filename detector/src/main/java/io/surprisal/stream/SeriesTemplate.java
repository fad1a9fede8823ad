package io.surprisal.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code input.seriesTemplate}: a series id built from several fields of a record, {@code "{device}/{metric}"} →
 * {@code pump7/temp}. Each {@code {path}} is a dotted field path as in {@code input.series}; the text between them is
 * kept as written. Parsed once per parser; {@link #render} builds one id per record from the fields' values.
 */
final class SeriesTemplate {
    private final String text;
    /** The text before each field, and after the last: one more than there are fields. */
    private final String[] literals;
    private final String[] fields;
    private final String[][] paths;

    private SeriesTemplate(String text, List<String> literals, List<String> fields) {
        this.text = text;
        this.literals = literals.toArray(String[]::new);
        this.fields = fields.toArray(String[]::new);
        this.paths = fields.stream().map(f -> f.split("\\.")).toArray(String[][]::new);
    }

    /** The template, or one line saying what is wrong with it. */
    static SeriesTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("input.seriesTemplate must not be empty; e.g. \"{device}/{metric}\"");
        }
        List<String> literals = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("input.seriesTemplate has a '}' without its '{' at " + i + ": " + template);
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int close = template.indexOf('}', i + 1);
            int nested = template.indexOf('{', i + 1);
            if (close < 0 || nested >= 0 && nested < close) {
                throw new IllegalArgumentException("input.seriesTemplate has a '{' without its '}' at " + i + ": " + template);
            }
            String field = template.substring(i + 1, close);
            if (field.isBlank() || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
                throw new IllegalArgumentException("input.seriesTemplate names an empty field path at " + i + ": " + template);
            }
            literals.add(literal.toString());
            literal.setLength(0);
            fields.add(field);
            i = close + 1;
        }
        literals.add(literal.toString());
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("input.seriesTemplate names no field, e.g. \"{device}/{metric}\": " + template);
        }
        return new SeriesTemplate(template, literals, fields);
    }

    int size() {
        return fields.length;
    }

    /** Field {@code i} as written in the template, for messages. */
    String field(int i) {
        return fields[i];
    }

    /** Field {@code i}'s dotted path, split. */
    String[] path(int i) {
        return paths[i];
    }

    /** The id for {@code values}, one per field in order. */
    String render(String[] values) {
        int length = 0;
        for (String l : literals) {
            length += l.length();
        }
        for (String v : values) {
            length += v.length();
        }
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < fields.length; i++) {
            id.append(literals[i]).append(values[i]);
        }
        return id.append(literals[fields.length]).toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
