package io.surprisal.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.stream.ControlPublisher;
import io.surprisal.stream.DetectorApp;
import io.surprisal.stream.SeriesControl;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A detector instance with its operations surface: the Kafka Streams application, its Prometheus
 * meters and the HTTP port ({@code /metrics}, health, {@code /series/{id}}, {@code /models/current}, and, when the
 * spec names a controls topic, {@code POST /series/{id}/feedback} and {@code /mute} through a {@link ControlPublisher}),
 * and, when the spec names an Alertmanager, the {@link AlertmanagerClient} its anomaly events go to.
 * Used by {@code run} against a real cluster and by {@code demo} against the embedded broker.
 */
public final class DetectorService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where {@code surprisal_events_open} stops counting. */
    static final long MAX_COUNTED_INCIDENTS = 100_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DetectorMetrics metrics;
    private final JvmMetrics jvm;
    private final HttpApi http;
    private final DetectorApp app;
    private final Model fallback;
    /** Null unless the spec names an Alertmanager. */
    private final AlertmanagerClient alerts;
    /** Null unless the spec names a controls topic: where feedback and mutes are written. */
    private final ControlPublisher controls;

    public DetectorService(TopologySpec spec, String bootstrapServers, Map<String, Object> clientOverrides, Path stateDir,
                           int httpPort, String advertisedHost) throws IOException {
        this(spec, bootstrapServers, clientOverrides, stateDir, "0.0.0.0", httpPort, advertisedHost);
    }

    /** @param httpHost address the HTTP port binds: all interfaces ({@code 0.0.0.0}) or one, e.g. loopback */
    public DetectorService(TopologySpec spec, String bootstrapServers, Map<String, Object> clientOverrides, Path stateDir,
                           String httpHost, int httpPort, String advertisedHost) throws IOException {
        this.fallback = ModelDocument.generic();
        DetectorMetrics.tagApplication(registry, spec.applicationId);
        this.metrics = new DetectorMetrics(registry, Set.copyOf(spec.watch));
        this.jvm = JvmMetrics.bindTo(registry);
        this.controls = spec.readsControls() ? new ControlPublisher(spec.topics.controls, bootstrapServers, clientOverrides) : null;
        // In this order: the HTTP port first, because the app advertises it (so that other instances can forward
        // /series lookups here); then the app on it; then the handlers, which answer from the app; then serving.
        HttpApi.Builder api = HttpApi.builder(registry).host(httpHost).port(httpPort);
        int port = api.bind();
        this.alerts = spec.sendsAlerts() ? new AlertmanagerClient(java.net.URI.create(spec.alerting.alertmanagerUrl),
                AlertmanagerClient.Settings.defaults(java.time.Duration.parse(spec.alerting.resolveAfter))
                        .withGrafana(spec.linksToGrafana() ? new GrafanaLinks(spec.alerting.grafanaUrl) : null),
                new AlertMetrics(registry)) : null;
        MeteredEvents events = alerts == null ? new MeteredEvents(metrics) : new MeteredEvents(metrics, alerts::offer);
        try {
            this.app = new DetectorApp(spec, bootstrapServers, clientOverrides, stateDir, events, fallback,
                    new HostInfo(advertisedHost, port));
        } catch (RuntimeException e) {
            if (alerts != null) {
                alerts.close(); // its sender thread would outlive a service that never started
            }
            if (controls != null) {
                controls.close();
            }
            api.release();
            throw e;
        }
        if (controls != null) {
            api.controls(new ControlWriter() {
                @Override
                public SeriesControl current(String key) {
                    return app.controls().get(key);
                }

                @Override
                public void write(String key, SeriesControl control) throws Exception {
                    controls.publish(key, control.toJson());
                }
            });
        }
        this.http = api
                .readiness(() -> StreamsReadiness.of(app.streams(), () -> app.servingModel().current() != null).notReadyReason())
                .liveness(app::notLiveReason)
                .seriesLookup(new SeriesLookup() {
                    @Override
                    public Optional<String> lookup(String id) {
                        return lookup(id, false);
                    }

                    @Override
                    public Optional<String> lookup(String id, boolean localOnly) {
                        return app.seriesQuery().lookup(id, localOnly);
                    }
                })
                .currentModel(this::currentModelJson)
                .start();
        KafkaStreams streams = app.streams();
        metrics.bindKafkaStreams(streams);
        metrics.consumerLag(InputLag.of(streams, Set.of(spec.topics.points)));
        metrics.seriesCount(this::localSeries);
        if (spec.writesEvents()) {
            metrics.eventsOpen(this::localOpenIncidents);
        }
        metrics.storeBytes(StoreBytes.of(streams));
    }

    public void start() {
        app.start();
    }

    public DetectorApp app() {
        return app;
    }

    public int httpPort() {
        return http.port();
    }

    public DetectorMetrics metrics() {
        return metrics;
    }

    private long localSeries() {
        if (!app.running()) {
            return 0;
        }
        ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                DetectorTopology.SERIES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        return store.approximateNumEntries();
    }

    /**
     * Open incidents in this instance's tasks, counted (the store holds only open ones) rather than estimated: RocksDB's
     * key estimate is poor for a small store with many deletes, which is what an incident store is. Past
     * {@link #MAX_COUNTED_INCIDENTS} the count stops, so a scrape stays cheap even in an anomaly storm.
     */
    private long localOpenIncidents() {
        if (!app.running()) {
            return 0;
        }
        ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                DetectorTopology.INCIDENT_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        long count = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (count < MAX_COUNTED_INCIDENTS && all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    /**
     * The model this instance serves: the newest valid document in the models topic, else the shipped
     * generic one; parsed once per instance, not per call.
     */
    public Model currentModel() {
        Model m = app.servingModel().current();
        return m == null ? fallback : m;
    }

    private String currentModelJson() {
        Model m = app.servingModel().current();
        if (m == null) {
            return null; // no task has started yet
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("name", m.name());
        n.put("version", m.version());
        n.put("cell", m.cell().id());
        n.put("hidden", m.hidden());
        n.put("features", m.features().describe());
        n.put("parameters", m.layout().size);
        if (m.training() != null) {
            n.set("training", JSON.valueToTree(m.training()));
        }
        return n.toString();
    }

    @Override
    public void close() {
        app.close();
        if (alerts != null) {
            alerts.close(); // after the streams: the last events they produced still go out
        }
        http.close();
        if (controls != null) {
            controls.close(); // after the port: no request is left to write through it
        }
        jvm.close();
        metrics.close();
        registry.close();
    }
}
