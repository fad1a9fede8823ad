package io.surprisal.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers, before it is written to the exchange. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";
    /** Prometheus' text exposition format, the one every Prometheus server reads. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Response json(int status, String json) {
        return new Response(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response prometheusText(String text) {
        return new Response(200, PROMETHEUS_TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A small JSON object of string fields, in the order given: {@code status("ready")}, {@code error("...")}. */
    static Response object(int status, String... keysAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return json(status, MAPPER.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, Map.copyOf(more));
    }
}
