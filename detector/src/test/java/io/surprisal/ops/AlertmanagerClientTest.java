package io.surprisal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.surprisal.score.Judgement;
import io.surprisal.stream.AnomalyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender against a stub Alertmanager: what it posts, how it retries, what it drops when the queue is full. */
@Timeout(30)
class AlertmanagerClientTest {
    static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    static final long START = Instant.parse("2026-12-06T02:50:00Z").toEpochMilli();
    final ObjectMapper json = new ObjectMapper();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    HttpServer server;
    AlertmanagerClient client;

    /** A stub whose answer to the n-th request (from 0) is {@code status.applyAsInt(n)}; each request counts {@code seen} down. */
    URI stub(IntUnaryOperator status, CountDownLatch seen, CountDownLatch release) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/alerts", exchange -> {
            int n;
            synchronized (bodies) {
                arrivals.add(System.nanoTime());
                bodies.add(json.readTree(exchange.getRequestBody().readAllBytes()));
                n = bodies.size() - 1;
            }
            seen.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status.applyAsInt(n), -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    AlertmanagerClient client(URI uri, int capacity, Duration initialBackoff) {
        return client(uri, capacity, initialBackoff, Duration.ofSeconds(5));
    }

    AlertmanagerClient client(URI uri, int capacity, Duration initialBackoff, Duration requestTimeout) {
        client = new AlertmanagerClient(uri, new AlertmanagerClient.Settings(capacity, initialBackoff, initialBackoff.multipliedBy(4),
                requestTimeout, Duration.ofMinutes(10)), new AlertMetrics(registry), Clock.fixed(NOW, ZoneOffset.UTC));
        return client;
    }

    static AnomalyEvent event(String series, AnomalyEvent.Status status) {
        return new AnomalyEvent(series, status, START, status == AnomalyEvent.Status.CLOSED ? START + 60_000 : AnomalyEvent.STILL_OPEN,
                START + 120_000, 3, Judgement.DAILY, new AnomalyEvent.Peak(START + 60_000, 0.93, 99.5, 70.25, 60, 80, Judgement.EXTREME, "generic-v3"));
    }

    double count(String name) {
        return registry.get(name).counter().count();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void postsAFiringAlertThenItsResolution() throws Exception {
        client(stub(n -> 200, new CountDownLatch(0), new CountDownLatch(0)), 10, Duration.ofMillis(10));
        client.offer(event("plant1/pump7/temp", AnomalyEvent.Status.OPEN));
        assertTrue(client.awaitSent(Duration.ofSeconds(10)));
        client.offer(event("plant1/pump7/temp", AnomalyEvent.Status.CLOSED));
        assertTrue(client.awaitSent(Duration.ofSeconds(10)));

        assertEquals(2, bodies.size());
        JsonNode firing = bodies.get(0).get(0);
        assertEquals("SurprisalAnomaly", firing.at("/labels/alertname").asText());
        assertEquals("plant1/pump7/temp", firing.at("/labels/series").asText());
        assertEquals("daily", firing.at("/labels/judgement").asText(), "the judgement that opened it");
        String summary = firing.at("/annotations/summary").asText();
        assertTrue(summary.contains("seen 99.5000") && summary.contains("expected 70.2500"), summary);
        assertTrue(firing.at("/annotations/description").asText().contains("extreme"), "names the peak's judgement");
        assertEquals(Instant.ofEpochMilli(START).toString(), firing.get("startsAt").asText());
        assertEquals(NOW.plus(Duration.ofMinutes(10)).toString(), firing.get("endsAt").asText(), "fires until re-sent or resolved");
        JsonNode resolved = bodies.get(1).get(0);
        assertEquals(firing.get("labels"), resolved.get("labels"), "the same alert");
        assertEquals(NOW.toString(), resolved.get("endsAt").asText(), "resolved now");
        assertEquals(2, count("surprisal.alerts.sent"));
        assertEquals(0, count("surprisal.alerts.failed"));
    }

    @Test
    void retriesWithAGrowingBackoffUntilAlertmanagerAnswers() throws Exception {
        CountDownLatch four = new CountDownLatch(4);
        client(stub(n -> n < 3 ? 503 : 200, four, new CountDownLatch(0)), 10, Duration.ofMillis(20));
        client.offer(event("s", AnomalyEvent.Status.OPEN));
        assertTrue(four.await(10, TimeUnit.SECONDS));
        assertTrue(client.awaitSent(Duration.ofSeconds(10)));
        assertEquals(4, bodies.size(), "three failures, then the same alert accepted");
        assertTrue(bodies.stream().allMatch(b -> b.get(0).at("/labels/series").asText().equals("s")));
        assertEquals(3, count("surprisal.alerts.failed"));
        assertEquals(1, count("surprisal.alerts.sent"));
        // Backoff 20, 40, 80 ms (capped at 4 x 20): each wait is at least that long.
        long[] minimum = {20, 40, 80};
        for (int i = 0; i < 3; i++) {
            long gapMs = TimeUnit.NANOSECONDS.toMillis(arrivals.get(i + 1) - arrivals.get(i));
            assertTrue(gapMs >= minimum[i], "retry " + (i + 1) + " after " + gapMs + " ms");
        }
    }

    @Test
    void aFullQueueDropsTheOldestAndNeverBlocksTheCaller() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        client(stub(n -> 200, first, release), 5, Duration.ofMillis(10));
        client.offer(event("s0", AnomalyEvent.Status.OPEN));
        assertTrue(first.await(10, TimeUnit.SECONDS), "the sender is now stuck posting s0");
        for (int i = 1; i < 10; i++) {
            client.offer(event("s" + i, AnomalyEvent.Status.OPEN)); // returns although Alertmanager does not answer
        }
        assertEquals(5, client.queued());
        assertEquals(5, registry.get("surprisal.alerts.queued").gauge().value());
        assertEquals(5, count("surprisal.alerts.dropped"), "s0 (in flight) to s4 made room");
        release.countDown();
        assertTrue(client.awaitSent(Duration.ofSeconds(10)));
        List<String> after = new ArrayList<>();
        for (JsonNode body : bodies.subList(1, bodies.size())) {
            body.forEach(alert -> after.add(alert.at("/labels/series").asText()));
        }
        assertEquals(List.of("s5", "s6", "s7", "s8", "s9"), after, "the newest five, in order");
        assertEquals(0, client.queued());
    }

    @Test
    void anAlertRefusedAsMalformedIsDroppedNotRetried() throws Exception {
        client(stub(n -> n == 0 ? 400 : 200, new CountDownLatch(0), new CountDownLatch(0)), 10, Duration.ofMillis(10));
        client.offer(event("bad", AnomalyEvent.Status.OPEN));
        assertTrue(client.awaitSent(Duration.ofSeconds(10)));
        client.offer(event("good", AnomalyEvent.Status.OPEN));
        assertTrue(client.awaitSent(Duration.ofSeconds(10)));
        assertEquals(2, bodies.size());
        assertEquals(1, count("surprisal.alerts.dropped"));
        assertEquals(1, count("surprisal.alerts.sent"));
    }

    @Test
    void closingWhileAlertmanagerHangsWaitsAtMostTheRequestTimeout() throws Exception {
        // Accepts connections and never answers: the worst an Alertmanager can do.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            client(URI.create("http://127.0.0.1:" + silent.getLocalPort()), 10, Duration.ofSeconds(5), Duration.ofSeconds(1));
            client.offer(event("s", AnomalyEvent.Status.OPEN));
            long t0 = System.nanoTime();
            client.close();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 2_500, "close took " + ms + " ms");
            assertEquals(1, count("surprisal.alerts.failed"), "the hanging post timed out and counted as failed");
            client = null;
        }
    }
}
