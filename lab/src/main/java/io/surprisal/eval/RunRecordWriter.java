package io.surprisal.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@code settings.json} (how the run was made) and {@code scores.json} (what it scored). */
final class RunRecordWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecordWriter() {
    }

    static void writeSettings(Path outDir, DetectorFactory detector, NabCorpus corpus, int threads,
                              Map<String, Object> runInfo) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("detector", detector.name());
        doc.put("settings", detector.settings());
        doc.put("data", corpus.dataDir().toAbsolutePath().normalize().toString());
        doc.putAll(runInfo);
        doc.put("files", corpus.series().size());
        doc.put("points", corpus.pointCount());
        doc.put("threads", threads);
        doc.put("probation", "min(floor(" + NabRules.PROBATION_PERCENT + " * rows), " + NabRules.MAX_PROBATION_ROWS + ")");
        doc.put("date", Instant.now().toString());
        write(outDir.resolve("settings.json"), doc);
    }

    static void writeScores(Path outDir, EvalResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("detector", result.detector());
        doc.put("points", result.points());
        doc.put("replaySeconds", result.replaySeconds());
        doc.put("pointsPerSecond", result.pointsPerSecond());
        Map<String, Object> profiles = new LinkedHashMap<>();
        for (ProfileScore score : result.scores()) {
            profiles.put(score.profile().name(), profile(score));
        }
        doc.put("profiles", profiles);
        write(outDir.resolve("scores.json"), doc);
    }

    private static Map<String, Object> profile(ProfileScore score) {
        Map<String, Object> doc = new LinkedHashMap<>();
        // JSON has no infinity: a missing threshold means no row was a detection.
        doc.put("threshold", Double.isInfinite(score.threshold()) ? null : score.threshold());
        doc.put("score", score.normalised());
        doc.put("raw", score.raw());
        doc.put("null", score.nullScore());
        doc.put("perfect", score.perfectScore());
        doc.put("windows", score.windows());
        doc.put("detectedWindows", score.detectedWindows());
        doc.put("falsePositives", score.falsePositives());
        List<Map<String, Object>> files = score.files().stream().map(f -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", f.key());
            file.put("windows", f.windows());
            file.put("detectedWindows", f.detectedWindows());
            file.put("falsePositives", f.falsePositives());
            file.put("raw", f.raw());
            return file;
        }).toList();
        doc.put("files", files);
        return doc;
    }

    private static void write(Path file, Object doc) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
