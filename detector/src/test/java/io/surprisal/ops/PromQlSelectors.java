package io.surprisal.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The selectors of a PromQL expression's metrics, for checks that each one carries some matchers. */
final class PromQlSelectors {

    private PromQlSelectors() {
    }

    /**
     * Each use of a metric in {@code expression} (as {@link PromQlMetricNames} finds them) whose label matchers
     * lack one of {@code matchers}, written as in the expression: {@code name{...}} or a bare {@code name}.
     */
    static List<String> lacking(String expression, String... matchers) {
        List<String> lacking = new ArrayList<>();
        for (String name : PromQlMetricNames.in(expression)) {
            Matcher use = Pattern.compile("(?<![\\w:.\"$])" + Pattern.quote(name) + "(?![\\w:(])\\s*(\\{[^}]*})?")
                    .matcher(expression);
            while (use.find()) {
                String selector = use.group(1) == null ? "" : use.group(1);
                for (String matcher : matchers) {
                    if (!selector.contains(matcher)) {
                        lacking.add(use.group().trim());
                        break;
                    }
                }
            }
        }
        return lacking;
    }
}
