package io.surprisal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.sim.DetectionReport;
import io.surprisal.stream.AnomalyEvent;
import io.surprisal.stream.AnomalyEventJson;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the demo reads from the scores (and events) topics: counts scores and anomalies, feeds the
 * {@link DetectionReport}, and prints the first incidents as they open and close (or the first anomalous
 * points, for a spec without an events topic).
 */
final class DemoTally {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopologySpec spec;
    private final DetectionReport report;
    private final int show;
    private final PrintStream out;
    private final boolean printIncidents;

    private long scored;
    private long anomalies;
    private long eventsOpened;
    private long eventsClosed;
    /** Incidents printed so far, and the open ones among them (series and start), so their closing is printed too. */
    private int shown;
    private final Set<String> shownOpen = new HashSet<>();

    /** @param show print at most this many incidents (or anomalous points) */
    DemoTally(TopologySpec spec, DetectionReport report, int show, PrintStream out) {
        this.spec = spec;
        this.report = report;
        this.show = show;
        this.out = out;
        this.printIncidents = spec.writesEvents();
    }

    /** The topics to read: scores, and events when the spec writes them. */
    List<String> topics() {
        return spec.writesEvents() ? List.of(spec.topics.scores, spec.topics.events) : List.of(spec.topics.scores);
    }

    void read(ConsumerRecords<String, byte[]> records) throws IOException {
        for (ConsumerRecord<String, byte[]> rec : records) {
            if (rec.topic().equals(spec.topics.events)) {
                incident(AnomalyEventJson.read(rec.value()));
            } else {
                score(rec);
            }
        }
    }

    long scored() {
        return scored;
    }

    long anomalies() {
        return anomalies;
    }

    /** The line {@code incidents opened=N closed=N}, for a spec that writes events; nothing otherwise. */
    void printIncidentCounts() {
        if (printIncidents) {
            out.printf("incidents opened=%d closed=%d%n", eventsOpened, eventsClosed);
        }
    }

    private void score(ConsumerRecord<String, byte[]> rec) throws IOException {
        JsonNode n = JSON.readTree(rec.value());
        boolean anomaly = n.path("anomaly").asBoolean();
        Instant ts = Instant.parse(n.path("ts").asText());
        report.scored(rec.key(), ts, anomaly);
        scored++;
        if (anomaly) {
            anomalies++;
            if (!printIncidents && anomalies <= show) {
                out.printf("anomaly series=%s ts=%s value=%.3f expected=%.3f band=[%.3f, %.3f] score=%.6f%n",
                        rec.key(), ts, n.path("value").asDouble(), n.path("expected").asDouble(),
                        n.path("lower").asDouble(), n.path("upper").asDouble(), n.path("score").asDouble());
            }
        }
    }

    /** Prints an incident's opening and closing, for the first {@link #show} incidents. */
    private void incident(AnomalyEvent e) {
        String key = e.series() + "@" + e.start();
        if (e.opened()) {
            eventsOpened++;
            if (shown < show && shownOpen.add(key)) {
                shown++;
                AnomalyEvent.Peak p = e.peak();
                out.printf("incident opened series=%s start=%s judgement=%s value=%.3f expected=%.3f band=[%.3f, %.3f] score=%.6f%n",
                        e.series(), Instant.ofEpochMilli(e.start()), p.judgement().id(), p.value(), p.expected(), p.lower(),
                        p.upper(), p.score());
            }
        } else if (e.closed()) {
            eventsClosed++;
            if (shownOpen.remove(key)) {
                out.printf("incident closed series=%s start=%s end=%s anomalies=%d peak=%.6f judgement=%s%n",
                        e.series(), Instant.ofEpochMilli(e.start()), Instant.ofEpochMilli(e.end()), e.anomalies(),
                        e.peak().score(), e.peak().judgement().id());
            }
        }
    }
}
