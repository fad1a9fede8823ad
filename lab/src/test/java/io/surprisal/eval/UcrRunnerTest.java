package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UcrRunnerTest {

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * Scores by position: 0.99 before train_end (which must not reach the output), 0.2 + a small
     * wobble after it, and 0.9 at the chosen peaks. It learns the position from the timestamp, so it
     * also checks the one-a-minute clock and records how many points each series fed it.
     */
    private static final class PatternDetector implements DetectorFactory {
        final Map<String, int[]> peaks;
        final Map<String, Integer> trainEnds;
        final Map<String, Integer> seen = new ConcurrentHashMap<>();
        double override = Double.NaN;

        PatternDetector(Map<String, int[]> peaks, Map<String, Integer> trainEnds) {
            this.peaks = peaks;
            this.trainEnds = trainEnds;
        }

        static double expected(int[] peaks, int trainEnd, int i) {
            for (int p : peaks) {
                if (p == i) {
                    return 0.9;
                }
            }
            return i < trainEnd ? 0.99 : 0.2 + (i % 5) * 0.01;
        }

        @Override
        public String name() {
            return "pattern";
        }

        @Override
        public SeriesScorer create(String seriesName) {
            int[] own = peaks.get(seriesName);
            int trainEnd = trainEnds.get(seriesName);
            seen.put(seriesName, 0);
            long epoch = UcrCorpus.EPOCH.toEpochMilli();
            return (ts, value) -> {
                int index = seen.merge(seriesName, 1, Integer::sum) - 1;
                assertEquals(epoch + index * UcrCorpus.STEP_MILLIS, ts, "timestamp of point " + index);
                return Double.isNaN(override) ? expected(own, trainEnd, index) : override;
            };
        }

        @Override
        public Map<String, Object> settings() {
            return Map.of("kind", "pattern");
        }
    }

    private static final Map<String, Integer> TRAIN_ENDS = Map.of("001_UCR_Anomaly_200.txt.gz", 200,
            "002_UCR_Anomaly_300.txt.gz", 300, "003_UCR_Anomaly_100.txt.gz", 100);
    /** 001: peak inside [390, 410]; 002: tied peaks at 500 (miss, 100 before 600-100) and 700; 003: peak at 200, 50 before 250. */
    private static final Map<String, int[]> PEAKS = Map.of("001_UCR_Anomaly_200.txt.gz", new int[] {150, 405},
            "002_UCR_Anomaly_300.txt.gz", new int[] {499, 740}, "003_UCR_Anomaly_100.txt.gz", new int[] {200});

    @BeforeEach
    void folder() throws IOException {
        UcrTestFolder.standard().write(root.resolve("ucr"));
    }

    private UcrResult run(DetectorFactory detector, int threads, String outDir) {
        UcrCorpus corpus = UcrCorpus.load(root.resolve("ucr"), null);
        return new UcrRunner(detector, threads, new PrintWriter(out), new PrintWriter(err))
                .run(corpus, root.resolve(outDir), Map.of("extra", "yes"));
    }

    @Test
    void writesOneCsvPerFileWithZeroScoresBeforeTrainEnd() throws IOException {
        PatternDetector detector = new PatternDetector(PEAKS, TRAIN_ENDS);
        run(detector, 2, "out");
        UcrCorpus corpus = UcrCorpus.load(root.resolve("ucr"), null);
        for (UcrSeries one : corpus.series()) {
            assertEquals(one.nPoints(), detector.seen.get(one.file()), "points fed to the detector, prefix included");
            List<String> lines = Files.readAllLines(root.resolve("out").resolve(one.name() + ".csv"));
            assertEquals("index,value,anomaly_score", lines.get(0));
            assertEquals(one.nPoints() + 1, lines.size());
            double[] values = UcrCorpus.values(one);
            for (int i = 0; i < one.nPoints(); i++) {
                String[] fields = lines.get(i + 1).split(",");
                assertEquals(3, fields.length);
                assertEquals(i, Integer.parseInt(fields[0]));
                assertEquals(values[i], Double.parseDouble(fields[1]));
                double expected = i < one.trainEnd() ? 0.0 : PatternDetector.expected(PEAKS.get(one.file()), one.trainEnd(), i);
                assertEquals(expected, Double.parseDouble(fields[2]), one.file() + " point " + i);
            }
        }
        try (Stream<Path> files = Files.list(root.resolve("out"))) {
            assertEquals(5, files.count(), "3 CSVs, settings.json, scores.json");
        }
    }

    @Test
    void judgesEachSeriesAndPrintsTheSummaryLast() throws IOException {
        UcrResult result = run(new PatternDetector(PEAKS, TRAIN_ENDS), 2, "out");
        assertEquals(List.of(405, 499, 200), result.outcomes().stream().map(UcrOutcome::loc).toList());
        assertEquals(List.of(true, false, true), result.outcomes().stream().map(UcrOutcome::hit).toList());
        assertEquals(List.of(1, 2, 1), result.outcomes().stream().map(UcrOutcome::tiedPoints).toList());
        String[] lines = out.toString().split("\\R");
        assertEquals("ucr=0.667 hits=2 series=3", lines[lines.length - 1]);
        assertTrue(out.toString().contains("series=3 hits=2 misses=1 tied=1"), out.toString());
        assertTrue(err.toString().contains("eval pattern: 3/3 files done ("), err.toString());

        JsonNode scores = new ObjectMapper().readTree(root.resolve("out/scores.json").toFile());
        assertEquals(2, scores.get("hits").asInt());
        assertEquals(3, scores.get("series").asInt());
        assertEquals(1, scores.get("tied").asInt());
        assertEquals(2.0 / 3, scores.get("ucr").asDouble(), 1e-12);
        JsonNode second = scores.get("files").get(1);
        assertEquals("002_UCR_Anomaly_300.txt.gz", second.get("file").asText());
        assertEquals(499, second.get("loc").asInt());
        assertFalse(second.get("hit").asBoolean());
        assertEquals(600, second.get("anomaly_start").asInt());
        assertEquals(640, second.get("anomaly_end").asInt());

        JsonNode settings = new ObjectMapper().readTree(root.resolve("out/settings.json").toFile());
        assertEquals("pattern", settings.get("detector").asText());
        assertEquals("ucr", settings.get("layout").asText());
        assertEquals("pattern", settings.get("settings").get("kind").asText());
        assertEquals("yes", settings.get("extra").asText());
        assertEquals(100, settings.get("margin").asInt());
        assertTrue(settings.get("timestamps").asText().contains("2026-01-01T00:00:00Z"));
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() throws IOException {
        run(new GaussianDetector(), 1, "one");
        run(new GaussianDetector(), 3, "three");
        for (String name : List.of("001_UCR_Anomaly_200.csv", "002_UCR_Anomaly_300.csv", "003_UCR_Anomaly_100.csv")) {
            assertEquals(Files.readString(root.resolve("one").resolve(name)), Files.readString(root.resolve("three").resolve(name)));
        }
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(root.resolve("one/scores.json").toFile()).get("files"),
                json.readTree(root.resolve("three/scores.json").toFile()).get("files"));
        String[] lines = out.toString().split("\\R");
        assertEquals("ucr=0.667 hits=2 series=3", lines[lines.length - 1]);
    }

    @Test
    void aScoreOutsideTheUnitIntervalStopsTheRun() {
        PatternDetector detector = new PatternDetector(PEAKS, TRAIN_ENDS);
        detector.override = 1.5;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(detector, 2, "out"));
        assertTrue(e.getMessage().contains("returned 1.5"), e.getMessage());
    }

    @Test
    void aMalformedFileStopsTheRunBeforeAnyDetectorRuns() throws IOException {
        UcrTestFolder.writeGzip(root.resolve("ucr/data/003_UCR_Anomaly_100.txt.gz"), "1\n2\n");
        PatternDetector detector = new PatternDetector(PEAKS, TRAIN_ENDS);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> run(detector, 2, "out"));
        assertTrue(e.getMessage().contains("003_UCR_Anomaly_100.txt.gz") && e.getMessage().contains("n_points=500"),
                e.getMessage());
        assertTrue(detector.seen.isEmpty(), "no series was scored");
        assertFalse(Files.exists(root.resolve("out/001_UCR_Anomaly_200.csv")));
    }
}
