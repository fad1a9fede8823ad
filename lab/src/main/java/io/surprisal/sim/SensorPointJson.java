package io.surprisal.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The points topic's value format: {@code {"series":"plant1/pump07/temp","ts":"2026-11-24T12:00:00Z","value":71.3}},
 * ts in ISO-8601 UTC, fields in that order.
 */
public final class SensorPointJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private SensorPointJson() {
    }

    public static byte[] encode(SensorPoint point) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(80);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("series", point.series());
            json.writeStringField("ts", point.ts().toString());
            json.writeNumberField("value", point.value());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
