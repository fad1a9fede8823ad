package io.surprisal.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Routes every request of the HTTP API and turns whatever an endpoint does, a failure included,
 * into a response: a bad request never takes the server down.
 */
final class ApiHandler implements HttpHandler {

    private static final String SERIES_PREFIX = "/series/";
    private static final String FEEDBACK = "/feedback";
    private static final String MUTE = "/mute";
    /** Largest request body read: a feedback or mute body is a few dozen bytes. */
    static final int MAX_BODY_BYTES = 4096;

    private final PrometheusMeterRegistry registry;
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Readiness readiness;
    private final Liveness liveness;
    private final SeriesLookup seriesLookup;
    private final Supplier<String> currentModel;
    private final Executor lookups;
    /** Null when the spec names no controls topic: the feedback and mute endpoints answer 503. */
    private final ControlRequests controls;

    ApiHandler(PrometheusMeterRegistry registry, Readiness readiness, Liveness liveness, SeriesLookup seriesLookup,
               Supplier<String> currentModel, Executor lookups, ControlRequests controls) {
        this.controls = controls;
        this.registry = registry;
        this.readiness = readiness;
        this.liveness = liveness;
        this.seriesLookup = seriesLookup;
        this.currentModel = currentModel;
        this.lookups = lookups;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path != null && path.startsWith(SERIES_PREFIX) && ("GET".equals(method) || "POST".equals(method))) {
            // A lookup (or a control write, which waits for the broker) may take seconds: it leaves the control
            // threads to health and metrics.
            try {
                lookups.execute(() -> answer(exchange));
            } catch (RejectedExecutionException e) {
                try {
                    write(exchange, Response.object(503, "error", "too many series lookups in progress, retry")
                            .withHeader("Retry-After", "1"));
                } finally {
                    exchange.close();
                }
            }
            return;
        }
        answer(exchange);
    }

    private void answer(HttpExchange exchange) {
        try {
            byte[] body = null;
            if ("POST".equals(exchange.getRequestMethod())) {
                try (java.io.InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes(MAX_BODY_BYTES + 1);
                }
                if (body.length > MAX_BODY_BYTES) {
                    write(exchange, Response.object(413, "error", "the body is larger than " + MAX_BODY_BYTES + " bytes"));
                    return;
                }
            }
            write(exchange, respond(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), body));
        } catch (IOException e) {
            LOG.debug("could not answer {}: {}", exchange.getRequestURI(), e.toString()); // the client went away
        } finally {
            exchange.close();
        }
    }

    Response respond(String method, String rawPath) {
        return respond(method, rawPath, null);
    }

    Response respond(String method, String rawPath, String rawQuery) {
        return respond(method, rawPath, rawQuery, null);
    }

    /**
     * {@code ?local=true} on /series asks this instance only: the form one instance uses to ask the owner.
     * {@code body} is the request's, for POST.
     */
    Response respond(String method, String rawPath, String rawQuery, byte[] body) {
        if ("POST".equals(method) && rawPath != null && rawPath.startsWith(SERIES_PREFIX)
                && (rawPath.endsWith(FEEDBACK) || rawPath.endsWith(MUTE))) {
            try {
                return control(rawPath.substring(SERIES_PREFIX.length()), body);
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", method, rawPath, e);
                return Response.object(500, "error", "internal error");
            }
        }
        boolean localOnly = rawQuery != null && java.util.Arrays.asList(rawQuery.split("&")).contains("local=true");
        Supplier<Response> endpoint = endpoint(rawPath, localOnly);
        if (endpoint == null) {
            return Response.object(404, "error", "no such endpoint");
        }
        if (!"GET".equals(method)) {
            return Response.object(405, "error", "only GET is allowed").withHeader("Allow", "GET");
        }
        try {
            return endpoint.get();
        } catch (RuntimeException e) {
            // The log has the detail; the answer does not, since it may reach anyone who can connect.
            LOG.warn("{} {} failed", method, rawPath, e);
            return Response.object(500, "error", "internal error");
        }
    }

    private Supplier<Response> endpoint(String rawPath, boolean localOnly) {
        if (rawPath == null) {
            return null;
        }
        switch (rawPath) {
            case "/metrics":
                return this::metrics;
            case "/health/live":
                return this::live;
            case "/health/ready":
                return this::ready;
            case "/models/current":
                return this::currentModel;
            default:
                return rawPath.startsWith(SERIES_PREFIX)
                        ? () -> series(rawPath.substring(SERIES_PREFIX.length()), localOnly)
                        : null;
        }
    }

    private Response metrics() {
        return Response.prometheusText(registry.scrape());
    }

    private Response live() {
        Optional<String> reason = liveness.notLiveReason();
        return reason.isEmpty()
                ? Response.object(200, "status", "live")
                : Response.object(503, "status", "not live", "reason", reason.get());
    }

    private Response ready() {
        Optional<String> reason = readiness.notReadyReason();
        return reason.isEmpty()
                ? Response.object(200, "status", "ready")
                : Response.object(503, "status", "not ready", "reason", reason.get());
    }

    private Response currentModel() {
        String json = currentModel.get();
        return json == null
                ? Response.object(404, "error", "no model loaded")
                : Response.json(200, json);
    }

    /** The id is everything after the prefix, decoded: {@code a/b/c} and {@code a%2Fb%2Fc} name the same series. */
    private Response series(String rawId, boolean localOnly) {
        SeriesId parsed = SeriesId.of(rawId);
        if (parsed.invalid() != null) {
            return parsed.invalid();
        }
        String id = parsed.id();
        try {
            return seriesLookup.lookup(id, localOnly)
                    .map(json -> Response.json(200, json))
                    .orElseGet(() -> Response.object(404, "error", "unknown series", "series", id));
        } catch (InvalidStateStoreException e) {
            // Stores move between instances during a rebalance: the answer exists, just not yet.
            return Response.object(503, "error", "series store not available, retry", "series", id)
                    .withHeader("Retry-After", "1");
        }
    }

    /** {@code POST /series/{id}/feedback} and {@code /series/{id}/mute}: {@code rest} is the path after /series/. */
    private Response control(String rest, byte[] body) {
        boolean feedback = rest.endsWith(FEEDBACK);
        String rawId = rest.substring(0, rest.length() - (feedback ? FEEDBACK : MUTE).length());
        SeriesId parsed = SeriesId.of(rawId);
        if (parsed.invalid() != null) {
            return parsed.invalid();
        }
        String id = parsed.id();
        if (controls == null) {
            return Response.object(503, "error", "no controls topic: set topics.controls in the topology spec");
        }
        return feedback ? controls.feedback(id, body) : controls.mute(id, body);
    }

    /** A series id from a request path: decoded, or the 400 that says why it cannot be one. */
    private record SeriesId(String id, Response invalid) {
        static SeriesId of(String rawId) {
            String id;
            try {
                id = PathDecoder.decode(rawId);
            } catch (IllegalArgumentException e) {
                return new SeriesId(null, Response.object(400, "error", "malformed series id"));
            }
            return id.isEmpty() ? new SeriesId(null, Response.object(400, "error", "missing series id")) : new SeriesId(id, null);
        }
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
