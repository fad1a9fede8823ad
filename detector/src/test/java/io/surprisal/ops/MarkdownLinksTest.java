package io.surprisal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's Markdown files link to files that exist and to headings those files have: the README's contents line
 * and cross-references, and the links between the README, ARCHITECTURE.md, the dashboards' runbook and the
 * measurement logs in docs/, which point into one another by heading.
 */
class MarkdownLinksTest {
    /** A link's target: a path, an anchor or both; links with a scheme (https:, mailto:) leave the repository. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*:");
    private static final Pattern SAME_FILE_LINK = Pattern.compile("\\]\\(#([^)]+)\\)");

    private static final Path ROOT = Path.of(System.getProperty("surprisal.root", "")).toAbsolutePath();

    @Test
    void theReadmesContentsLineLinksEverySection() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> links = SAME_FILE_LINK.matcher(readme).results().map(r -> r.group(1)).toList();
        assertTrue(links.size() >= 12, "the contents line links every section: " + links);
    }

    @Test
    void everyLinkLeadsToAFileAndAHeadingThatExist() throws IOException {
        List<Path> documents = documents();
        assertTrue(documents.size() >= 5, "README, ARCHITECTURE, the dashboards' README and the logs in docs/: " + documents);
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            for (String target : links(Files.readString(document))) {
                String problem = problem(document, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(document) + ": (" + target + ") " + problem);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("ARCHITECTURE.md"),
                ROOT.resolve("dashboards/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The link targets outside fenced code blocks. */
    private static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    targets.add(m.group(1));
                }
            }
        }
        return targets;
    }

    /** What is wrong with one link of {@code document}, or null when its file and heading exist. */
    private static String problem(Path document, String target) throws IOException {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no file " + ROOT.relativize(file);
        }
        if (hash < 0) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        if (!file.toString().endsWith(".md") || !MarkdownAnchors.of(Files.readString(file)).contains(anchor)) {
            return "no heading '" + anchor + "' in " + ROOT.relativize(file);
        }
        return null;
    }
}
