package io.surprisal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads NAB's combined windows JSON: {@code {"category/file.csv": [[start, end], ...]}}.
 * Only the scorer may use what this returns; detectors never see labels.
 */
public final class NabLabels {

    private NabLabels() {
    }

    public static Map<String, List<NabWindow>> read(Path file) {
        JsonNode root = NabJson.readObject(file, "expected a JSON object keyed by 'category/file.csv'");
        Map<String, List<NabWindow>> windows = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            windows.put(entry.getKey(), readWindows(file, entry.getKey(), entry.getValue()));
        }
        return windows;
    }

    private static List<NabWindow> readWindows(Path file, String key, JsonNode node) {
        if (!node.isArray()) {
            throw new MalformedInputException(file, "entry '" + key + "' is not a list of windows");
        }
        List<NabWindow> windows = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode pair = node.get(i);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new MalformedInputException(file,
                        "entry '" + key + "', window " + (i + 1) + ": expected [\"start\", \"end\"], found " + pair);
            }
            try {
                windows.add(NabWindow.parse(pair.get(0).asText(), pair.get(1).asText()));
            } catch (IllegalArgumentException e) {
                throw new MalformedInputException(file,
                        "entry '" + key + "', window " + (i + 1) + ": " + e.getMessage());
            }
        }
        return List.copyOf(windows);
    }
}
