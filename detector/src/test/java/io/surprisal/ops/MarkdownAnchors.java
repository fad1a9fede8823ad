package io.surprisal.ops;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
final class MarkdownAnchors {

    private MarkdownAnchors() {
    }

    static Set<String> of(String markdown) {
        Set<String> anchors = new TreeSet<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String text = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
