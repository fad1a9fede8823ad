package io.surprisal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's links within itself (its contents line, its cross-references) lead to one of its headings. */
class ReadmeLinksTest {
    private static final Pattern SAME_FILE_LINK = Pattern.compile("\\]\\(#([^)]+)\\)");

    @Test
    void everyLinkToASectionNamesOneOfItsHeadings() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("surprisal.root", "")).toAbsolutePath().resolve("README.md"));
        Set<String> anchors = MarkdownAnchors.of(readme);
        Matcher m = SAME_FILE_LINK.matcher(readme);
        List<String> links = m.results().map(r -> r.group(1)).toList();
        assertTrue(links.size() >= 12, "the contents line links every section: " + links);
        assertEquals(List.of(), links.stream().filter(a -> !anchors.contains(a)).toList(), "links to no heading");
    }
}
