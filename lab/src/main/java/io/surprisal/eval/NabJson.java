package io.surprisal.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** NAB's JSON files (labels, profiles): one object at the top, or an error naming the file and the line. */
final class NabJson {
    private NabJson() {
    }

    /** The file's top-level object; {@code expected} says what it should have held when it is not one. */
    static JsonNode readObject(Path file, String expected) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new MalformedInputException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedInputException(file, expected);
        }
        return root;
    }
}
