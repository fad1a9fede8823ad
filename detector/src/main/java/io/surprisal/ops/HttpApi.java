package io.surprisal.ops;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The detector's HTTP port, served by the JDK's HTTP server:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format</li>
 *   <li>{@code GET /health/live}: 200 while {@link Liveness} says so, else 503 with the reason</li>
 *   <li>{@code GET /health/ready}: 200 when {@link Readiness} says so, else 503 with the reason</li>
 *   <li>{@code GET /series/{id}}: the {@link SeriesLookup}'s JSON, 404 for an unknown series,
 *       503 while stores migrate</li>
 *   <li>{@code GET /models/current}: the current model's JSON, 404 before one loads</li>
 *   <li>{@code POST /series/{id}/feedback}, {@code POST /series/{id}/mute}: a control record for the series
 *       ({@link ControlRequests}), 202 with the record written; 503 without a {@link ControlWriter}</li>
 * </ul>
 * Other methods get 405, other paths 404; answers are JSON except {@code /metrics}.
 *
 * <p>Hardened for a port that may face a network: {@code /series/{id}} (which may wait on another
 * instance) runs on its own small bounded pool and answers 503 when that is full, so health checks and
 * scrapes always have threads; a request must arrive within 10 s and its answer leave within 30 s
 * (the JDK server's {@code sun.net.httpserver.maxReqTime}/{@code maxRspTime}, unless set otherwise);
 * answers never carry exception text.
 */
public final class HttpApi implements AutoCloseable {

    /** Threads for /metrics, /health and /models: never behind a slow series lookup. */
    static final int CONTROL_THREADS = 2;
    /** Threads and queue for /series lookups, which may wait for another instance. */
    static final int LOOKUP_THREADS = 2;
    static final int LOOKUP_QUEUE = 16;

    static {
        // Read once, when the JDK server first loads: a slow client must not hold a connection forever.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "30");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ExecutorService lookups;

    private HttpApi(HttpServer server, ExecutorService executor, ExecutorService lookups) {
        this.server = server;
        this.executor = executor;
        this.lookups = lookups;
    }

    public static Builder builder(PrometheusMeterRegistry registry) {
        return new Builder(registry);
    }

    /** The port bound, useful when the builder asked for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        lookups.shutdownNow();
    }

    public static final class Builder {

        private final PrometheusMeterRegistry registry;
        private String host = "0.0.0.0";
        private int port = 8080;
        private Readiness readiness = Readiness.of(() -> true);
        private Liveness liveness = Liveness.always();
        private SeriesLookup seriesLookup = SeriesLookup.none();
        private Supplier<String> currentModel = () -> null;
        private ControlWriter controls;
        /** The port, when {@link #bind} took it before the handlers were known; {@link #start} serves on it. */
        private HttpServer bound;

        private Builder(PrometheusMeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Address to bind; all interfaces by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 8080 by default; 0 picks a free one, see {@link HttpApi#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Ready whenever {@code ready} says so; ready always by default. */
        public Builder readiness(BooleanSupplier ready) {
            return readiness(Readiness.of(ready));
        }

        /** Readiness with a reason when not ready, e.g. {@link StreamsReadiness}. */
        public Builder readiness(Readiness readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness");
            return this;
        }

        /** Live unless {@code liveness} gives a reason; always live by default. */
        public Builder liveness(Liveness liveness) {
            this.liveness = Objects.requireNonNull(liveness, "liveness");
            return this;
        }

        public Builder seriesLookup(SeriesLookup seriesLookup) {
            this.seriesLookup = Objects.requireNonNull(seriesLookup, "seriesLookup");
            return this;
        }

        /** JSON of the model in use, or null before one loads. */
        public Builder currentModel(Supplier<String> currentModel) {
            this.currentModel = Objects.requireNonNull(currentModel, "currentModel");
            return this;
        }

        /** Where feedback and mutes go (the controls topic); none by default, and those endpoints answer 503. */
        public Builder controls(ControlWriter controls) {
            this.controls = Objects.requireNonNull(controls, "controls");
            return this;
        }

        /**
         * Binds the port now, serving nothing until {@link #start}, and returns its number: for an owner that must
         * tell it to others (Kafka Streams advertises it to the other instances) before it can build what the
         * handlers answer from. Call {@link #release} if {@link #start} will not follow.
         */
        public int bind() throws IOException {
            if (bound == null) {
                bound = HttpServer.create(new InetSocketAddress(host, port), 0);
            }
            return bound.getAddress().getPort();
        }

        /** Frees a port that {@link #bind} took, when the API will not be started after all. */
        public void release() {
            if (bound != null) {
                // Started only to be stopped: the JDK server's socket is closed by its dispatcher thread, which an
                // unstarted server does not have, so stopping it alone would keep the port taken.
                bound.start();
                bound.stop(0);
                bound = null;
            }
        }

        /** Binds the port, unless {@link #bind} did, and starts serving. */
        public HttpApi start() throws IOException {
            HttpServer server = bound != null ? bound : HttpServer.create(new InetSocketAddress(host, port), 0);
            bound = null;
            ExecutorService executor = Executors.newFixedThreadPool(CONTROL_THREADS, daemonThreads("surprisal-http-"));
            ExecutorService lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(LOOKUP_QUEUE), daemonThreads("surprisal-http-lookup-"),
                    new ThreadPoolExecutor.AbortPolicy());
            server.setExecutor(executor);
            server.createContext("/", new ApiHandler(registry, readiness, liveness, seriesLookup, currentModel, lookups,
                    controls == null ? null : new ControlRequests(controls, seriesLookup)));
            server.start();
            return new HttpApi(server, executor, lookups);
        }

        private static ThreadFactory daemonThreads(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
