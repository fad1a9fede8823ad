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

/** Writes {@code settings.json} (how a UCR run was made) and {@code scores.json} (what it scored). */
final class UcrRecordWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private UcrRecordWriter() {
    }

    static void writeSettings(Path outDir, DetectorFactory detector, UcrCorpus corpus, int threads,
                              Map<String, Object> runInfo) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("detector", detector.name());
        doc.put("settings", detector.settings());
        doc.put("layout", "ucr");
        doc.put("data", corpus.dataDir().toAbsolutePath().normalize().toString());
        doc.put("labels", corpus.labelsFile().toAbsolutePath().normalize().toString());
        doc.putAll(runInfo);
        doc.put("files", corpus.series().size());
        doc.put("points", corpus.pointCount());
        doc.put("threads", threads);
        doc.put("timestamps", "none in the data; point i at " + UcrCorpus.EPOCH + " + i * " + UcrCorpus.STEP_MILLIS
                + " ms (one a minute), every file");
        doc.put("prefix", "points [0, train_end) go to DetectorFactory.create(name, values, timestamps, train_end); "
                + "their scores are written as 0");
        doc.put("protocol", UcrProtocol.DESCRIPTION);
        doc.put("margin", UcrProtocol.MARGIN);
        doc.put("date", Instant.now().toString());
        write(outDir.resolve("settings.json"), doc);
    }

    static void writeScores(Path outDir, UcrResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("detector", result.detector());
        doc.put("layout", "ucr");
        doc.put("ucr", result.score());
        doc.put("hits", result.hits());
        doc.put("series", result.series());
        doc.put("tied", result.tied());
        doc.put("points", result.points());
        doc.put("replaySeconds", result.replaySeconds());
        doc.put("pointsPerSecond", result.pointsPerSecond());
        List<Map<String, Object>> files = result.outcomes().stream().map(o -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", o.series().file());
            file.put("n_points", o.series().nPoints());
            file.put("train_end", o.series().trainEnd());
            file.put("anomaly_start", o.series().anomalyStart());
            file.put("anomaly_end", o.series().anomalyEnd());
            file.put("loc", o.loc());
            file.put("hit", o.hit());
            file.put("max_score", o.maxScore());
            file.put("tied_points", o.tiedPoints());
            return file;
        }).toList();
        doc.put("files", files);
        write(outDir.resolve("scores.json"), doc);
    }

    private static void write(Path file, Object doc) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
