package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.surprisal.stream.SeriesControl;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /series/{id}/feedback} and {@code /mute} over the real HTTP port, against a recording {@link ControlWriter}. */
class ControlEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUMP = "plant3/pump7/temp";
    private static final String PUMP_JSON = "{\"series\":\"" + PUMP + "\",\"points\":900,"
            + "\"incident\":{\"start\":\"2026-12-06T01:00:00Z\",\"peakScore\":0.93}}";
    private static final String QUIET = "plant3/pump8/temp";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, SeriesControl> stored = new HashMap<>();
    private final List<Map.Entry<String, SeriesControl>> written = new ArrayList<>();
    private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> lookupFailure = new AtomicReference<>();
    private HttpApi api;

    private HttpApi start(boolean withControls) throws IOException {
        HttpApi.Builder b = HttpApi.builder(registry).host("127.0.0.1").port(0).seriesLookup(id -> {
            if (lookupFailure.get() != null) {
                throw lookupFailure.get();
            }
            return switch (id) {
                case PUMP -> Optional.of(PUMP_JSON);
                case QUIET -> Optional.of("{\"series\":\"" + QUIET + "\",\"points\":900}");
                default -> Optional.empty();
            };
        });
        if (withControls) {
            b.controls(new ControlWriter() {
                @Override
                public SeriesControl current(String key) {
                    return stored.get(key);
                }

                @Override
                public void write(String key, SeriesControl control) throws Exception {
                    if (writeFailure.get() != null) {
                        throw writeFailure.get();
                    }
                    written.add(Map.entry(key, control));
                    stored.put(key, control);
                }
            });
        }
        api = b.start();
        return api;
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void notAnAnomalyRaisesTheThresholdJustAboveTheOpenIncidentsPeakAndKeepsTheMute() throws Exception {
        start(true);
        SeriesControl mute = SeriesControl.NONE.mutedUntil(Instant.parse("2026-12-07T06:00:00Z").toEpochMilli(), "maintenance");
        stored.put(PUMP, mute);
        HttpResponse<String> r = post("/series/plant3/pump7/temp/feedback", "{\"verdict\":\"not-anomaly\"}");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(1, written.size());
        SeriesControl c = written.get(0).getValue();
        assertEquals(PUMP, written.get(0).getKey());
        assertEquals(Math.nextUp(0.93), c.threshold());
        assertTrue(c.threshold() > 0.93);
        assertEquals(mute.muteUntilMs(), c.muteUntilMs(), "the mute it had stays");
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(PUMP, answer.get("key").asText());
        assertEquals(c.threshold(), answer.path("value").path("threshold").asDouble());
        assertEquals("2026-12-07T06:00:00Z", answer.path("value").path("muteUntil").asText());
    }

    @Test
    void feedbackNeverLowersAThresholdAndTakesAGivenScoreWhenNoIncidentIsOpen() throws Exception {
        start(true);
        stored.put(PUMP, SeriesControl.NONE.withThreshold(0.99));
        assertEquals(202, post("/series/" + PUMP + "/feedback", "{\"verdict\":\"not-anomaly\"}").statusCode());
        assertEquals(0.99, stored.get(PUMP).threshold());

        assertEquals(409, post("/series/" + QUIET + "/feedback", "{\"verdict\":\"not-anomaly\"}").statusCode(),
                "no open incident, no score: nothing to raise the threshold above");
        assertEquals(404, post("/series/nobody/feedback", "{\"verdict\":\"not-anomaly\"}").statusCode());
        HttpResponse<String> r = post("/series/" + QUIET + "/feedback", "{\"verdict\":\"not-anomaly\",\"score\":0.85,\"reason\":\"deploy\"}");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(Math.nextUp(0.85), stored.get(QUIET).threshold());
        assertEquals("deploy", stored.get(QUIET).reason());
    }

    @Test
    void aMuteIsWrittenWithItsEndAndReasonAndKeepsTheThreshold() throws Exception {
        start(true);
        stored.put("plant/a b", SeriesControl.NONE.withThreshold(0.95));
        HttpResponse<String> r = post("/series/plant%2Fa%20b/mute", "{\"until\":\"2026-12-07T06:00:00Z\",\"reason\":\"pump swap\"}");
        assertEquals(202, r.statusCode(), r.body());
        SeriesControl c = stored.get("plant/a b");
        assertEquals(Instant.parse("2026-12-07T06:00:00Z").toEpochMilli(), c.muteUntilMs());
        assertEquals("pump swap", c.reason());
        assertEquals(0.95, c.threshold());
    }

    @Test
    void aPrefixCanBeMutedAsAWhole() throws Exception {
        start(true);
        HttpResponse<String> r = post("/series/plant3%2F*/mute", "{\"until\":\"2026-12-07T06:00:00Z\"}");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("plant3/*", written.get(0).getKey());
    }

    @Test
    void badBodiesAreRefusedWithTheReasonAndWriteNothing() throws Exception {
        start(true);
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("/series/" + PUMP + "/feedback", "");
        bad.put("/series/" + PUMP + "/feedback ", "{}");
        bad.put("/series/" + PUMP + "/feedback  ", "not json");
        bad.put("/series/" + PUMP + "/feedback   ", "{\"verdict\":\"anomaly\"}");
        bad.put("/series/" + PUMP + "/feedback    ", "{\"verdict\":\"not-anomaly\",\"score\":2}");
        bad.put("/series/" + PUMP + "/feedback     ", "{\"verdict\":\"not-anomaly\",\"extra\":1}");
        bad.put("/series/" + PUMP + "/mute", "{\"until\":\"tomorrow\"}");
        bad.put("/series/" + PUMP + "/mute ", "{\"reason\":\"no end\"}");
        bad.put("/series/" + PUMP + "/mute  ", "{\"until\":\"2026-12-07T06:00:00Z\",\"reason\":7}");
        bad.put("/series/" + PUMP + "/mute   ", "[]");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = post(e.getKey().strip(), e.getValue());
            assertEquals(400, r.statusCode(), e.getValue() + " → " + r.body());
            assertFalse(JSON.readTree(r.body()).path("error").asText().isBlank(), r.body());
        }
        assertEquals(413, post("/series/" + PUMP + "/mute", "{\"reason\":\"" + "x".repeat(ApiHandler.MAX_BODY_BYTES) + "\"}").statusCode());
        assertEquals(400, post("/series//mute", "{\"until\":\"2026-12-07T06:00:00Z\"}").statusCode(), "no series id");
        assertEquals(400, post("/series/pl*nt/mute", "{\"until\":\"2026-12-07T06:00:00Z\"}").statusCode(), "a * inside");
        assertEquals(400, post("/series/plant%2F*/feedback", "{\"verdict\":\"not-anomaly\",\"score\":0.9}").statusCode(),
                "feedback is about one series");
        assertTrue(written.isEmpty(), written.toString());
    }

    @Test
    void withoutAControlsTopicTheEndpointsAnswer503AndLookupsStillWork() throws Exception {
        start(false);
        HttpResponse<String> r = post("/series/" + PUMP + "/feedback", "{\"verdict\":\"not-anomaly\"}");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("topics.controls"), r.body());
        assertEquals(503, post("/series/" + PUMP + "/mute", "{\"until\":\"2026-12-07T06:00:00Z\"}").statusCode());
        assertEquals(405, post("/series/" + PUMP, "{}").statusCode(), "POST on the lookup itself");
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/series/" + PUMP))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
    }

    @Test
    void aTopicOrStoreThatIsNotAvailableIsA503ToRetry() throws Exception {
        start(true);
        writeFailure.set(new java.util.concurrent.TimeoutException("no broker"));
        HttpResponse<String> r = post("/series/" + PUMP + "/mute", "{\"until\":\"2026-12-07T06:00:00Z\"}");
        assertEquals(503, r.statusCode());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
        assertFalse(r.body().contains("no broker"), "no exception text in answers");
        writeFailure.set(null);
        lookupFailure.set(new InvalidStateStoreException("migrating"));
        assertEquals(503, post("/series/" + PUMP + "/feedback", "{\"verdict\":\"not-anomaly\"}").statusCode());
        assertTrue(written.isEmpty());
    }
}
