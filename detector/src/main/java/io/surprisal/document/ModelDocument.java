package io.surprisal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.InvalidModelException;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;
import io.surprisal.model.Normalization;
import io.surprisal.model.SeasonalModel;
import io.surprisal.model.TrainingInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * The model's wire and file form: a JSON document, versioned by {@code format}, whose weights are
 * little-endian float32 in base64 with a CRC-32C checksum over those bytes. Reading checks every
 * claim the document makes and says which one failed; a document that reads is safe to serve.
 */
public final class ModelDocument {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelDocument() {
    }

    public static byte[] write(Model model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", model.name());
        root.put("version", model.version());
        root.put("cell", model.cell().id());
        root.put("hidden", model.hidden());
        root.put("inputs", model.layout().inputs);
        root.put("features", model.features().describe());
        ObjectNode norm = root.putObject("normalization");
        norm.put("horizon", model.normalization().horizon());
        norm.put("clip", model.normalization().clip());
        norm.put("relativeFloor", model.normalization().relativeFloor());
        byte[] weights = toBytes(model.weights());
        root.put("checksum", checksum(weights));
        root.put("weights", Base64.getEncoder().encodeToString(weights));
        TrainingInfo t = model.training();
        if (t != null) {
            root.set("training", JSON.valueToTree(t));
        }
        SeasonalModel seasonal = model.seasonal();
        if (seasonal != null) {
            ObjectNode node = root.putObject("seasonal");
            node.put("period", seasonal.period());
            node.put("block", seasonal.block());
            node.put("mean", seasonal.mean());
            node.put("std", seasonal.std());
            node.put("residualStd", seasonal.residualStd());
            ArrayNode coefficients = node.putArray("weights");
            for (float w : seasonal.weights()) {
                coefficients.add(w);
            }
            if (seasonal.shapes() > 0) {
                node.put("shapes", Base64.getEncoder().encodeToString(toBytes(seasonal.codebook())));
                node.put("distanceMean", seasonal.distanceMean());
                node.put("distanceStd", seasonal.distanceStd());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write model document", e);
        }
    }

    public static Model read(byte[] bytes) throws InvalidModelException {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidModelException("malformed", "model document is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidModelException("malformed", "model document is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelException("malformed", "model document is not a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new InvalidModelException("format", "unknown model format version " + root.path("format")
                    + " (this detector reads format " + FORMAT + ")");
        }
        String name = text(root, "name");
        String version = text(root, "version");
        CellType cell;
        Features features;
        Normalization normalization;
        try {
            cell = CellType.parse(text(root, "cell"));
            features = Features.parse(text(root, "features"));
            JsonNode n = root.path("normalization");
            normalization = new Normalization(n.path("horizon").asDouble(Double.NaN), n.path("clip").asDouble(Double.NaN),
                    n.path("relativeFloor").asDouble(Double.NaN));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("malformed", e.getMessage());
        }
        int hidden = root.path("hidden").asInt(-1);
        int inputs = root.path("inputs").asInt(-1);
        if (inputs != features.count()) {
            throw new InvalidModelException("size", "inputs=" + inputs + " but features '" + features.describe()
                    + "' need " + features.count());
        }
        Layout layout;
        try {
            layout = new Layout(cell, hidden, inputs);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("size", e.getMessage());
        }
        byte[] weightBytes;
        try {
            weightBytes = Base64.getDecoder().decode(text(root, "weights"));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("malformed", "weights are not base64: " + e.getMessage());
        }
        String expected = text(root, "checksum");
        String actual = checksum(weightBytes);
        if (!actual.equals(expected)) {
            throw new InvalidModelException("checksum", "weights checksum is " + actual + " but the document says " + expected);
        }
        if (weightBytes.length != 4L * layout.size) {
            throw new InvalidModelException("size", "weights hold " + weightBytes.length / 4 + " floats; a " + cell.id()
                    + " with hidden=" + hidden + " and inputs=" + inputs + " needs " + layout.size);
        }
        float[] weights = fromBytes(weightBytes);
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new InvalidModelException("non-finite", "weight " + i + " is " + weights[i]);
            }
        }
        TrainingInfo training = null;
        if (root.hasNonNull("training")) {
            try {
                training = JSON.treeToValue(root.get("training"), TrainingInfo.class);
            } catch (IOException e) {
                throw new InvalidModelException("malformed", "training metadata is malformed: " + e.getMessage());
            }
        }
        return new Model(name, version, layout, weights, features, normalization, training, seasonal(root));
    }

    /** The optional period model: absent for a model that serves many series. */
    private static SeasonalModel seasonal(JsonNode root) throws InvalidModelException {
        JsonNode node = root.get("seasonal");
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode coefficients = node.path("weights");
        if (!node.isObject() || !coefficients.isArray()) {
            throw new InvalidModelException("malformed", "the seasonal section needs an object with a weights array");
        }
        float[] weights = new float[coefficients.size()];
        for (int i = 0; i < weights.length; i++) {
            JsonNode w = coefficients.get(i);
            if (!w.isNumber()) {
                throw new InvalidModelException("malformed", "seasonal weight " + i + " is not a number");
            }
            weights[i] = w.floatValue();
        }
        float[] shapes = new float[0];
        if (node.hasNonNull("shapes")) {
            try {
                byte[] bytes = Base64.getDecoder().decode(node.get("shapes").asText());
                if (bytes.length % 4 != 0) {
                    throw new InvalidModelException("malformed", "the seasonal shapes are not whole float32 values");
                }
                shapes = fromBytes(bytes);
            } catch (IllegalArgumentException e) {
                throw new InvalidModelException("malformed", "the seasonal shapes are not base64: " + e.getMessage());
            }
        }
        try {
            return new SeasonalModel(node.path("period").asInt(-1), node.path("block").asInt(-1),
                    node.path("mean").asDouble(Double.NaN), node.path("std").asDouble(Double.NaN), weights,
                    node.path("residualStd").asDouble(Double.NaN), shapes,
                    node.path("distanceMean").asDouble(shapes.length == 0 ? 0 : Double.NaN),
                    node.path("distanceStd").asDouble(shapes.length == 0 ? 1 : Double.NaN));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("malformed", e.getMessage());
        }
    }

    public static Model read(InputStream in) throws IOException, InvalidModelException {
        return read(in.readAllBytes());
    }

    /** The generic model shipped in the jar (trained on synthetic series only; see README). */
    public static Model generic() {
        try (InputStream in = ModelDocument.class.getResourceAsStream("/models/generic.json")) {
            if (in == null) {
                throw new IllegalStateException("the generic model /models/generic.json is missing from the classpath");
            }
            return read(in);
        } catch (IOException | InvalidModelException e) {
            throw new IllegalStateException("the shipped generic model does not load: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) throws InvalidModelException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidModelException("malformed", "model document lacks the text field '" + field + "'");
        }
        return node.asText();
    }

    static String checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return String.format("crc32c:%08x", crc.getValue());
    }

    private static byte[] toBytes(float[] w) {
        ByteBuffer buf = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(w);
        return buf.array();
    }

    private static float[] fromBytes(byte[] bytes) {
        float[] w = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(w);
        return w;
    }
}
