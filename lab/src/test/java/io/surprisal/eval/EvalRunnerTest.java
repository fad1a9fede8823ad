package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalRunnerTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "standard=(-?\\d+\\.\\d) reward_low_FP_rate=(-?\\d+\\.\\d) reward_low_FN_rate=(-?\\d+\\.\\d)");

    @TempDir
    Path root;

    private record Run(EvalResult result, String out, String progress) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Run run(int threads, Path outDir) throws IOException {
        if (!Files.exists(root.resolve("data"))) {
            SyntheticCorpus.write(root);
        }
        NabCorpus corpus = NabCorpus.load(root.resolve("data"), root.resolve("labels/windows.json"), List.of());
        StringWriter out = new StringWriter();
        StringWriter progress = new StringWriter();
        EvalResult result = new EvalRunner(new GaussianDetector(), threads, new PrintWriter(out), new PrintWriter(progress))
                .run(corpus, CostProfile.nabDefaults(), outDir, Map.of("labels", "windows.json"));
        return new Run(result, out.toString(), progress.toString());
    }

    @Test
    void writesOneScoredFilePerSeriesWithTheInputRowsInOrder() throws IOException {
        Path outDir = root.resolve("out");
        run(2, outDir);
        for (String key : SyntheticCorpus.KEYS) {
            List<String> input = Files.readAllLines(root.resolve("data").resolve(key));
            List<String> output = Files.readAllLines(outDir.resolve(key));
            assertEquals("timestamp,value,anomaly_score", output.get(0));
            assertEquals(SyntheticCorpus.ROWS + 2, output.size(), key); // header + rows + the duplicate
            for (int i = 1; i < input.size(); i++) {
                String[] fields = output.get(i).split(",");
                assertEquals(input.get(i), fields[0] + "," + fields[1], key + " line " + (i + 1));
                double score = Double.parseDouble(fields[2]);
                assertTrue(score >= 0 && score <= 1, key + " line " + (i + 1));
            }
        }
    }

    @Test
    void endsWithTheSummaryLineAndFindsTheObviousSpikes() throws IOException {
        Run run = run(2, root.resolve("out"));
        List<String> lines = run.lines();
        Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
        assertTrue(summary.matches(), lines.get(lines.size() - 1));
        double standard = Double.parseDouble(summary.group(1));
        assertTrue(standard > 50 && standard <= 100, "standard " + standard);
        assertEquals(standard, run.result().profile("standard").normalised(), 0.05);
        assertTrue(run.out().contains("points/s"), run.out());
        assertTrue(run.out().contains("alpha") && run.out().contains("beta"), run.out());
        assertTrue(run.progress().contains("3/3 files done"), run.progress());
        assertEquals(3L * (SyntheticCorpus.ROWS + 1), run.result().points());
    }

    @Test
    void writesSettingsAndScoresIntoTheOutputFolder() throws IOException {
        Path outDir = root.resolve("out");
        run(1, outDir);
        JsonNode settings = new ObjectMapper().readTree(outDir.resolve("settings.json").toFile());
        assertEquals("gaussian", settings.get("detector").asText());
        assertEquals(6400, settings.get("settings").get("windowSize").asInt());
        assertEquals("windows.json", settings.get("labels").asText());
        assertTrue(settings.get("data").asText().endsWith("data"));
        assertTrue(settings.hasNonNull("date"));
        JsonNode scores = new ObjectMapper().readTree(outDir.resolve("scores.json").toFile());
        assertEquals(3, scores.get("profiles").get("standard").get("files").size());
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() throws IOException {
        Run one = run(1, root.resolve("one"));
        Run three = run(3, root.resolve("three"));
        for (String key : SyntheticCorpus.KEYS) {
            assertEquals(Files.readAllLines(root.resolve("one").resolve(key)),
                    Files.readAllLines(root.resolve("three").resolve(key)), key);
        }
        List<String> a = one.lines();
        List<String> b = three.lines();
        assertEquals(a.get(a.size() - 1), b.get(b.size() - 1));
    }
}
