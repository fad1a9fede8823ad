package io.surprisal.ops;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, as Grafana or Prometheus would send it. Not a
 * parser: it strips what cannot name a metric (strings, label matchers, ranges, grouping
 * clauses, Grafana variables) and keeps the identifiers that are not functions or keywords.
 */
final class PromQlMetricNames {

    private static final Pattern LABEL_VALUES_OF_METRIC =
            Pattern.compile("label_values\\(\\s*([^,(){}]*(?:\\{[^}]*})?)\\s*,\\s*[A-Za-z_]\\w*\\s*\\)");
    private static final Pattern LABEL_VALUES_OF_LABEL = Pattern.compile("label_values\\(\\s*[A-Za-z_]\\w*\\s*\\)");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern GRAFANA_VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    // Possessive, so that "rate(" is a function and not the metric "rat".
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.])[A-Za-z_:][A-Za-z0-9_:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "atan2", "inf", "nan");

    private PromQlMetricNames() {
    }

    static Set<String> in(String expression) {
        String stripped = LABEL_VALUES_OF_METRIC.matcher(expression).replaceAll("$1");
        stripped = LABEL_VALUES_OF_LABEL.matcher(stripped).replaceAll(" ");
        for (Pattern pattern : new Pattern[] {STRINGS, LABEL_MATCHERS, RANGES, GROUPING, GRAFANA_VARIABLES}) {
            stripped = pattern.matcher(stripped).replaceAll(" ");
        }
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group().toLowerCase())) {
                names.add(identifier.group());
            }
        }
        return names;
    }
}
