package io.surprisal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads NAB's profiles JSON: {@code {"standard": {"CostMatrix": {"tpWeight": 1.0, "fpWeight": 0.11,
 * "fnWeight": 1.0, "tnWeight": 1.0}}, ...}}. NAB ignores tnWeight, and so does this.
 */
public final class NabProfiles {

    private NabProfiles() {
    }

    /** The profiles in file order. */
    public static List<CostProfile> read(Path file) {
        JsonNode root = NabJson.readObject(file, "expected a JSON object of profiles");
        if (root.isEmpty()) {
            throw new MalformedInputException(file, "expected a JSON object of profiles");
        }
        List<CostProfile> profiles = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode matrix = entry.getValue().path("CostMatrix");
            profiles.add(new CostProfile(entry.getKey(),
                    weight(file, entry.getKey(), matrix, "tpWeight"),
                    weight(file, entry.getKey(), matrix, "fpWeight"),
                    weight(file, entry.getKey(), matrix, "fnWeight")));
        }
        return List.copyOf(profiles);
    }

    private static double weight(Path file, String profile, JsonNode matrix, String field) {
        JsonNode node = matrix.get(field);
        if (node == null || !node.isNumber()) {
            throw new MalformedInputException(file, "profile '" + profile + "': CostMatrix." + field + " missing or not a number");
        }
        return node.asDouble();
    }
}
