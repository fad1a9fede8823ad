package io.surprisal.ops;

import io.surprisal.model.Model;
import io.surprisal.score.ScoreRecord;
import io.surprisal.stream.AnomalyEvent;
import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.SeriesControl;

import java.time.Instant;
import java.util.function.Consumer;

/** Binds the topology's events to the Prometheus meters of {@link DetectorMetrics}, and its anomaly events to an alert sink. */
public final class MeteredEvents implements DetectorEvents {
    private final DetectorMetrics metrics;
    private final Consumer<AnomalyEvent> anomalyEvents;

    public MeteredEvents(DetectorMetrics metrics) {
        this(metrics, e -> {
        });
    }

    /** @param anomalyEvents where incidents go as they open, update and close (it must not block: the stream thread calls it) */
    public MeteredEvents(DetectorMetrics metrics, Consumer<AnomalyEvent> anomalyEvents) {
        this.metrics = metrics;
        this.anomalyEvents = anomalyEvents;
    }

    @Override
    public void anomalyEvent(AnomalyEvent event) {
        anomalyEvents.accept(event);
    }

    @Override
    public void recordIn() {
        metrics.recordIn();
    }

    @Override
    public void scored(String series, ScoreRecord s, long nanos) {
        metrics.scored(s.score, s.anomaly, nanos);
        metrics.pointTime(s.ts);
        if (metrics.isWatched(series)) {
            metrics.watched(series, s.value, s.expected, s.lower, s.upper, s.score, s.anomaly);
        }
    }

    @Override
    public void deadLettered(String reason) {
        metrics.deadLettered(reason);
    }

    @Override
    public void restamped() {
        metrics.restamped();
    }

    @Override
    public void stateReadFromStore() {
        metrics.stateReadFromStore();
    }

    @Override
    public void pointReread() {
        metrics.pointReread();
    }

    @Override
    public void seriesSteppedBack() {
        metrics.seriesSteppedBack();
    }

    @Override
    public void pointsSkipped(String kind, int count) {
        metrics.pointsSkipped(kind, count);
    }

    @Override
    public void modelLoaded(Model model) {
        metrics.modelLoaded(model.name(), model.version(), createdEpochSeconds(model));
    }

    @Override
    public void modelSwapped(Model model) {
        metrics.modelSwapped();
        modelLoaded(model);
    }

    @Override
    public void modelRejected(String reason) {
        metrics.modelRejected(reason);
    }

    @Override
    public void controlled(SeriesControl.Verdict verdict) {
        if (verdict == SeriesControl.Verdict.MUTED) {
            metrics.controlMuted();
        } else if (verdict == SeriesControl.Verdict.HELD_BACK) {
            metrics.controlHeldBack();
        }
    }

    @Override
    public void controlRejected(String reason) {
        metrics.controlRejected(reason);
    }

    private static long createdEpochSeconds(Model model) {
        try {
            return model.training() == null ? 0 : Instant.parse(model.training().created()).getEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
