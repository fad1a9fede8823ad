package io.surprisal.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpApiTest {

    private static final String PUMP_JSON = "{\"series\":\"plant3/pump7/temp\",\"score\":0.42}";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicReference<String> notLive = new AtomicReference<>();
    private final java.util.concurrent.CountDownLatch slowLookups = new java.util.concurrent.CountDownLatch(1);
    private final AtomicReference<String> model = new AtomicReference<>();
    private final AtomicReference<String> lastLookup = new AtomicReference<>();
    private final Map<String, String> series = Map.of("plant3/pump7/temp", PUMP_JSON);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpApi api;

    @BeforeEach
    void start() throws IOException {
        new DetectorMetrics(registry).recordIn();
        api = HttpApi.builder(registry)
                .host("127.0.0.1")
                .port(0)
                .readiness(ready::get)
                .liveness(() -> Optional.ofNullable(notLive.get()))
                .seriesLookup(this::lookup)
                .currentModel(model::get)
                .start();
    }

    @AfterEach
    void stop() {
        slowLookups.countDown();
        api.close();
    }

    /** DetectorService's order: the port first (Kafka Streams advertises it), the handlers later, on that port. */
    @Test
    void aPortBoundBeforeTheHandlersIsTheOneServedAndReleaseFreesIt() throws Exception {
        HttpApi.Builder early = HttpApi.builder(registry).host("127.0.0.1").port(0);
        int port = early.bind();
        assertEquals(port, early.bind(), "binding twice keeps the first port");
        try (HttpApi served = early.liveness(() -> Optional.of("from the late handler")).start()) {
            assertEquals(port, served.port());
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, live.statusCode());
            assertTrue(live.body().contains("from the late handler"), live.body());
        }
        HttpApi.Builder abandoned = HttpApi.builder(registry).host("127.0.0.1").port(0);
        int taken = abandoned.bind();
        abandoned.release();
        try (java.net.ServerSocket again = new java.net.ServerSocket(taken, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertEquals(taken, again.getLocalPort(), "the released port is free again");
        }
    }

    @Test
    void liveAnswers503WithTheReasonWhenStreamsDied() throws Exception {
        notLive.set("kafka streams is ERROR");
        HttpResponse<String> response = get("/health/live");
        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("kafka streams is ERROR"), response.body());
    }

    @Test
    void slowLookupsNeverStarveHealthAndMetricsAndTheExcessIsRefused() throws Exception {
        int busy = HttpApi.LOOKUP_THREADS + HttpApi.LOOKUP_QUEUE;
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new java.util.ArrayList<>();
        for (int i = 0; i < busy; i++) {
            pending.add(client.sendAsync(request("/series/slow").GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        // Every lookup thread is held and the queue is full; health and metrics still answer at once.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> get("/series/slow").statusCode() == 503);
        assertEquals(200, get("/health/live").statusCode());
        assertEquals(200, get("/metrics").statusCode());
        slowLookups.countDown();
        for (var f : pending) {
            int status = f.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode();
            assertTrue(status == 404 || status == 503, "status " + status);
        }
    }

    @Test
    void bindsAnEphemeralPortWhenAskedForPortZero() {
        assertTrue(api.port() > 0);
    }

    @Test
    void metricsServesPrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", contentType(response));
        assertTrue(response.body().contains("surprisal_records_in_total 1.0"), response.body());
    }

    @Test
    void liveAnswers200() throws Exception {
        HttpResponse<String> response = get("/health/live");

        assertEquals(200, response.statusCode());
        assertEquals(Response.JSON, contentType(response));
    }

    @Test
    void readyAnswers503WithAReasonUntilReady() throws Exception {
        HttpResponse<String> response = get("/health/ready");

        assertEquals(503, response.statusCode());
        assertEquals("{\"status\":\"not ready\",\"reason\":\"the readiness check failed\"}", response.body());
    }

    @Test
    void readyAnswers200WhenReady() throws Exception {
        ready.set(true);

        assertEquals(200, get("/health/ready").statusCode());
    }

    @Test
    void seriesAnswersTheLookupsJson() throws Exception {
        HttpResponse<String> response = get("/series/plant3%2Fpump7%2Ftemp");

        assertEquals(200, response.statusCode());
        assertEquals(Response.JSON, contentType(response));
        assertEquals(PUMP_JSON, response.body());
    }

    @Test
    void seriesIdMayKeepItsSlashesUnencoded() throws Exception {
        assertEquals(200, get("/series/plant3/pump7/temp").statusCode());
        assertEquals("plant3/pump7/temp", lastLookup.get());
    }

    @Test
    void seriesIdIsDecodedKeepingPlus() throws Exception {
        get("/series/a+b%20c%C3%A9");

        assertEquals("a+b cé", lastLookup.get());
    }

    @Test
    void unknownSeriesAnswers404() throws Exception {
        HttpResponse<String> response = get("/series/plant3%2Fpump8%2Ftemp");

        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"unknown series\",\"series\":\"plant3/pump8/temp\"}", response.body());
    }

    @Test
    void emptySeriesIdAnswers400() throws Exception {
        assertEquals(400, get("/series/").statusCode());
    }

    @Test
    void malformedSeriesIdAnswers400AndTheServerKeepsServing() throws Exception {
        // HttpClient refuses to send a malformed URI, so this one goes over a plain socket.
        assertEquals("HTTP/1.1 400", rawStatusLine("GET /series/bad%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertEquals(200, get("/health/live").statusCode());
    }

    @Test
    void seriesAnswers503WhileStoresMigrate() throws Exception {
        HttpResponse<String> response = get("/series/migrating");

        assertEquals(503, response.statusCode());
        assertEquals(Optional.of("1"), response.headers().firstValue("Retry-After"));
    }

    @Test
    void failingLookupAnswers500AndTheServerKeepsServing() throws Exception {
        HttpResponse<String> response = get("/series/broken");

        assertEquals(500, response.statusCode());
        assertEquals(Response.JSON, contentType(response));
        assertTrue(!response.body().contains("boom") && !response.body().contains("IllegalState"), response.body());
        assertEquals(200, get("/health/live").statusCode());
    }

    @Test
    void currentModelAnswers404BeforeAModelLoads() throws Exception {
        assertEquals(404, get("/models/current").statusCode());
    }

    @Test
    void currentModelAnswersTheModelsJson() throws Exception {
        model.set("{\"name\":\"gru\",\"version\":\"3\"}");

        HttpResponse<String> response = get("/models/current");

        assertEquals(200, response.statusCode());
        assertEquals("{\"name\":\"gru\",\"version\":\"3\"}", response.body());
    }

    @Test
    void otherMethodsAnswer405WithAllow() throws Exception {
        HttpResponse<String> response = client.send(request("/metrics")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
        assertEquals(Optional.of("GET"), response.headers().firstValue("Allow"));
    }

    @Test
    void unknownPathsAnswer404() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/metrics/extra").statusCode());
        assertEquals(404, get("/health").statusCode());
    }

    private Optional<String> lookup(String id) {
        lastLookup.set(id);
        switch (id) {
            case "migrating":
                throw new InvalidStateStoreException("store is migrating");
            case "broken":
                throw new IllegalStateException("boom");
            case "slow":
                try {
                    slowLookups.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            default:
                return Optional.ofNullable(series.get(id));
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(10));
    }

    private String rawStatusLine(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return statusLine == null ? "" : statusLine.substring(0, Math.min(12, statusLine.length()));
        }
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
