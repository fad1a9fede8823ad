package io.surprisal.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surprisal.stream.AnomalyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends anomaly events to Alertmanager ({@code POST /api/v2/alerts}, see {@link AlertPayload}) from a thread of
 * its own. {@link #offer} is what the stream thread calls: it only queues, never waits. The queue is bounded;
 * when it is full the oldest alert is dropped (and counted), so an Alertmanager that is away costs memory
 * bounded by the queue and loses only the oldest news, never the most recent. The sender posts the queue's head
 * in batches; a batch that fails (no answer, a timeout, a 5xx, 408 or 429) stays at the head and is retried
 * after a backoff that doubles from {@code initialBackoff} up to {@code maxBackoff}; one Alertmanager refuses as
 * malformed (any other 4xx) is dropped, since sending it again cannot help.
 */
public final class AlertmanagerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerClient.class);
    static final int BATCH = 64;

    /** An event waiting to be sent, with the wall-clock time it was queued (a closed incident's endsAt). */
    private record Pending(AnomalyEvent event, Instant queuedAt) {
    }

    /** How the client behaves; {@link #defaults} for production. */
    /** @param grafana where each alert's {@code dashboard} annotation links; null = no link */
    public record Settings(int capacity, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout, Duration resolveAfter,
                           GrafanaLinks grafana) {
        public Settings(int capacity, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout, Duration resolveAfter) {
            this(capacity, initialBackoff, maxBackoff, requestTimeout, resolveAfter, null);
        }

        public static Settings defaults(Duration resolveAfter) {
            return new Settings(10_000, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10), resolveAfter);
        }

        public Settings withGrafana(GrafanaLinks links) {
            return new Settings(capacity, initialBackoff, maxBackoff, requestTimeout, resolveAfter, links);
        }
    }

    private final URI alerts;
    private final Settings settings;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final HttpClient http;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an alert is queued, the queue empties or the client closes. */
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Thread sender;
    private boolean posting;
    private volatile boolean closed;

    public AlertmanagerClient(URI alertmanager, Settings settings, AlertMetrics metrics) {
        this(alertmanager, settings, metrics, Clock.systemUTC());
    }

    AlertmanagerClient(URI alertmanager, Settings settings, AlertMetrics metrics, Clock clock) {
        String base = alertmanager.toString().replaceAll("/+$", "");
        this.alerts = URI.create(base + "/api/v2/alerts");
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout()).build();
        metrics.queued(this::queued);
        this.sender = new Thread(this::run, "surprisal-alertmanager");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues the event's alert; returns at once. A full queue drops its oldest alert. */
    public void offer(AnomalyEvent event) {
        int dropped = 0;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            while (queue.size() >= settings.capacity()) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(new Pending(event, clock.instant()));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            metrics.dropped(dropped);
        }
    }

    /** Alerts waiting, including a batch being posted. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every queued alert has been sent or dropped; false when {@code timeout} passed first. */
    public boolean awaitSent(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty() || posting) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long backoffNanos = settings.initialBackoff().toNanos();
        while (true) {
            List<Pending> batch = nextBatch();
            if (batch == null) {
                return;
            }
            Outcome outcome = post(batch);
            if (outcome == Outcome.RETRY) {
                metrics.failed();
                if (closed || !pause(backoffNanos)) {
                    finishPosting();
                    return; // closing: what is left would wait for an Alertmanager that does not answer
                }
                backoffNanos = Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
                finishPosting();
                continue;
            }
            if (outcome == Outcome.SENT) {
                metrics.sent(batch.size());
            } else {
                metrics.failed();
                metrics.dropped(batch.size());
            }
            backoffNanos = settings.initialBackoff().toNanos();
            remove(batch);
        }
    }

    /** The head of the queue, left in it until sent; null once closed with nothing left to send. */
    private List<Pending> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                changed.awaitUninterruptibly();
            }
            List<Pending> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
            for (Pending p : queue) {
                batch.add(p);
                if (batch.size() == BATCH) {
                    break;
                }
            }
            posting = true;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a batch that was handled: those of its alerts still at the head (a full queue may have dropped some). */
    private void remove(List<Pending> batch) {
        lock.lock();
        try {
            for (Pending p : batch) {
                if (queue.peekFirst() == p) {
                    queue.pollFirst();
                }
            }
            posting = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finishPosting() {
        lock.lock();
        try {
            posting = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits out a backoff; false when the client closed meanwhile. */
    private boolean pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !closed) {
                left = changed.awaitNanos(left);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private enum Outcome { SENT, RETRY, REFUSED }

    private Outcome post(List<Pending> batch) {
        Instant now = clock.instant();
        List<ObjectNode> alerts = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            alerts.add(AlertPayload.alert(p.event(), now, p.queuedAt(), settings.resolveAfter(), settings.grafana()));
        }
        HttpRequest request = HttpRequest.newBuilder(this.alerts)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AlertPayload.body(alerts)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return Outcome.SENT;
            }
            if (status / 100 == 4 && status != 408 && status != 429) {
                LOG.warn("Alertmanager at {} refused {} alerts with {}: {}", this.alerts, alerts.size(), status, response.body());
                return Outcome.REFUSED;
            }
            LOG.warn("Alertmanager at {} answered {}; retrying", this.alerts, status);
            return Outcome.RETRY;
        } catch (IOException e) {
            LOG.warn("cannot reach Alertmanager at {} ({}); retrying", this.alerts, e.toString());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }

    /**
     * Stops taking alerts and gives the sender up to {@code settings.requestTimeout} to post what is queued (the
     * resolutions of a clean shutdown); what an absent Alertmanager did not take by then is left to expire there.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            sender.join(settings.requestTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            sender.interrupt();
        }
    }
}
