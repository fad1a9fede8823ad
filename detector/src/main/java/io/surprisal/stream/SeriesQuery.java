package io.surprisal.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surprisal.state.LocalClock;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import io.surprisal.state.SeriesSummary;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Answers "what does the detector know about series X" from whichever instance owns X: locally
 * through interactive queries, otherwise by asking the owner's HTTP port (its
 * {@code application.server}). The owner is asked with {@code ?local=true} so a request never loops.
 */
public final class SeriesQuery {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest answer taken from another instance. */
    static final int MAX_REMOTE_BYTES = 64 * 1024;
    private final KafkaStreams streams;
    private final HostInfo self;
    /** Whether the topology keeps open incidents (the spec writes anomaly events): the summary shows the open one. */
    private final boolean incidents;
    /** The scoring's time zone, whose hours the daily profile is kept in. */
    private final ZoneId zone;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public SeriesQuery(KafkaStreams streams, HostInfo self) {
        this(streams, self, false, ZoneOffset.UTC);
    }

    /**
     * @param incidents whether the topology has the incidents store, whose open incident the summary then shows
     * @param zone      the scoring's time zone (scoring.timeZone), whose hours the daily profile is kept in
     */
    public SeriesQuery(KafkaStreams streams, HostInfo self, boolean incidents, ZoneId zone) {
        this.streams = streams;
        this.self = self;
        this.incidents = incidents;
        this.zone = zone;
    }

    public Optional<String> lookup(String series, boolean localOnly) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(DetectorTopology.SERIES_STORE, series, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Optional.empty();
        }
        HostInfo owner = meta.activeHost();
        if (localOnly || owner.equals(self) || owner.host().isEmpty()) {
            return local(series);
        }
        return remote(owner, series);
    }

    private Optional<String> local(String series) {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                DetectorTopology.SERIES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        byte[] bytes = store.get(series);
        if (bytes == null) {
            return Optional.empty();
        }
        Incident open = null;
        if (incidents) {
            byte[] incident = streams.store(StoreQueryParameters.fromNameAndType(DetectorTopology.INCIDENT_STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore())).get(series);
            try {
                open = incident == null ? null : Incident.fromBytes(incident);
            } catch (IllegalArgumentException e) {
                open = null; // the tracker drops unreadable incidents too
            }
        }
        return Optional.of(summary(series, new SeriesStateSerde().deserialize(bytes), self, open, new LocalClock(zone)));
    }

    private Optional<String> remote(HostInfo owner, String series) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/series/"
                + URLEncoder.encode(series, StandardCharsets.UTF_8).replace("+", "%20") + "?local=true");
        try {
            HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = r.body()) {
                // A summary is a few hundred bytes: anything near the bound is not one, and must not fill the heap.
                byte[] bytes = body.readNBytes(MAX_REMOTE_BYTES + 1);
                if (bytes.length > MAX_REMOTE_BYTES) {
                    throw new IllegalStateException("owner " + owner + " answered more than " + MAX_REMOTE_BYTES + " bytes");
                }
                return r.statusCode() == 200 ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
            }
        } catch (IOException e) {
            throw new IllegalStateException("owner " + owner + " of series '" + series + "' did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The summary of a series without an open incident, its daily profile kept in UTC hours. */
    static String summary(String series, SeriesState s, HostInfo owner) {
        return summary(series, s, owner, null, LocalClock.utc());
    }

    /**
     * With an {@code open} incident, the summary ends with {@code "incident":{"start","lastAnomaly","anomalies",
     * "peakTs","peakScore"}}: what not-anomaly feedback raises the series' threshold above.
     */
    static String summary(String series, SeriesState s, HostInfo owner, Incident open, LocalClock clock) {
        ObjectNode n = JSON.createObjectNode();
        n.put("series", series);
        n.put("owner", owner.host() + ":" + owner.port());
        SeriesSummary sum = SeriesSummary.of(s, clock);
        n.put("points", sum.points());
        n.put("lastTs", Instant.ofEpochMilli(sum.lastTs()).toString());
        n.put("lastValue", sum.lastValue());
        n.put("mean", sum.mean());
        n.put("std", sum.std());
        n.put("usualIntervalSeconds", sum.usualIntervalSeconds());
        n.put("predictedNext", sum.predictedNext());
        n.put("shortSurprisal", sum.shortSurprisal());
        n.put("longSurprisalMean", sum.longSurprisalMean());
        n.put("longSurprisalStd", sum.longSurprisalStd());
        sum.dailyUsual().ifPresent(usual -> n.put("dailyUsual", usual));
        n.put("modelId", Integer.toHexString(sum.modelId()));
        n.put("stateBytes", SeriesStateSerde.size(s));
        if (open != null) {
            ObjectNode i = n.putObject("incident");
            i.put("start", Instant.ofEpochMilli(open.start).toString());
            i.put("lastAnomaly", Instant.ofEpochMilli(open.lastAnomaly).toString());
            i.put("anomalies", open.anomalies);
            i.put("peakTs", Instant.ofEpochMilli(open.peakTs).toString());
            i.put("peakScore", open.peakScore);
        }
        return n.toString();
    }
}
