package io.surprisal.stream;

import io.surprisal.model.Model;
import io.surprisal.score.Detector;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The detector stage: reads the series' state ({@link SeriesStates}), admits new series
 * ({@link NewSeriesAdmission}), runs the {@link Detector}, applies the series' control when the spec names a
 * controls topic ({@link ControlTable}: the final {@code anomaly} flag, never the score), writes the state back
 * and emits the score ({@link Detected.Scored}) or a dead letter ({@link DetectDeadLetters}), and, when the spec names an events
 * topic, the incident records its scores call for ({@link IncidentTracker}); punctuators pick up a new
 * model from the instance's {@link ServingModel} within a second and expire idle series in bounded
 * steps ({@link IdleExpiry}), closing the incidents of series that stopped sending.
 */
final class DetectorProcessor extends ContextualProcessor<String, Point, String, Detected> {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorProcessor.class);
    static final String STAGE = "detect";
    static final Duration MODEL_CHECK = Duration.ofSeconds(1);
    /** How far ahead of the wall clock a point may be stamped and still count as on time (device clocks drift). */
    static final long FUTURE_TOLERANCE_MS = 60_000;

    private final TopologySpec spec;
    private final ScoringConfig scoring;
    private final DetectorEvents events;
    private final ServingModel serving;
    /** Detect-stage dead letters carry the point as json, whatever output.format says. */
    private final ScoreJson json = new ScoreJson();
    private final ScoreOutput output;
    private ScoreWriter scores;
    private final ScoreRecord out = new ScoreRecord();
    private final long idleExpiryMs;
    /**
     * Under at-least-once each state keeps the position of its newest point in the points topic, to know a point read
     * again after a crash (see DetectorTopology#keepsInputPositions).
     */
    private final boolean tracksInputPosition;
    /** input.tags then input.headerTags: the names of the values a point's tags hold (built once: not per point). */
    private final java.util.List<String> tagNames;
    private KeyValueStore<String, byte[]> models;
    private SeriesStates states;
    private DetectDeadLetters deadLetters;
    private Detector detector;
    /** The wall clock Kafka Streams gives the processor (a test driver's own). */
    private LongSupplier wallClock;
    private long maxTs = Long.MIN_VALUE;
    private NewSeriesAdmission admission;
    private IdleExpiry expiry;
    /** Null when the spec writes no anomaly events. */
    private IncidentTracker incidents;
    /** Null when the spec reads no controls topic. */
    private final ControlTable controls;
    private final OutputTimestamps timestamps;

    DetectorProcessor(TopologySpec spec, DetectorEvents events, ServingModel serving) {
        this(spec, events, serving, null);
    }

    /** @param controls the instance's controls, or null when the spec reads none */
    DetectorProcessor(TopologySpec spec, DetectorEvents events, ServingModel serving, ControlTable controls) {
        this(spec, events, serving, controls, ScoreOutput.of(spec), OutputTimestamps.unlimited());
    }

    /**
     * @param output     the topology's score output, whose writer this processor takes in init
     * @param timestamps what the incidents closed on idle expiry are stamped through (they carry the newest event
     *                   time, not an input's timestamp, which the parse stage stamped already)
     */
    DetectorProcessor(TopologySpec spec, DetectorEvents events, ServingModel serving, ControlTable controls, ScoreOutput output,
                      OutputTimestamps timestamps) {
        this.timestamps = timestamps;
        this.controls = controls;
        this.output = output;
        this.spec = spec;
        this.tagNames = spec.input.tagNames();
        this.scoring = spec.scoring.toConfig();
        this.events = events;
        this.serving = serving;
        this.idleExpiryMs = spec.idleExpiry == null || spec.idleExpiry.isBlank() ? 0 : Duration.parse(spec.idleExpiry).toMillis();
        this.tracksInputPosition = DetectorTopology.keepsInputPositions(spec);
    }

    @Override
    public void init(ProcessorContext<String, Detected> context) {
        super.init(context);
        wallClock = context::currentSystemTimeMs;
        KeyValueStore<String, byte[]> series = context.getStateStore(DetectorTopology.SERIES_STORE);
        models = context.getStateStore(DetectorTopology.MODEL_STORE);
        deadLetters = new DetectDeadLetters(spec.topics.points, json, events);
        scores = output.newWriter();
        detector = new Detector(serving.offer(models.get(spec.model)), scoring);
        states = new SeriesStates(series, DecodedStates.ofThisThread(DetectorTopology.decodedStatesBudget(context.appConfigs())),
                detector::newState, events);
        if (spec.writesEvents()) {
            incidents = new IncidentTracker(context.getStateStore(DetectorTopology.INCIDENT_STORE),
                    spec.events.updateEveryMs(), spec.events.closeAfter, spec.input.tagNames());
        }
        admission = new NewSeriesAdmission(context.getStateStore(DetectorTopology.ADMISSION_STORE), spec.maxNewSeriesPerMinute);
        context.schedule(MODEL_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> refreshModel());
        Duration check = Duration.parse(spec.idleExpiryCheck);
        if (idleExpiryMs > 0) {
            expiry = new IdleExpiry(series, idleExpiryMs, spec.idleExpiryBatch, states::delete);
            context.schedule(check, PunctuationType.WALL_CLOCK_TIME, now -> expireIdle());
        }
        if (spec.maxNewSeriesPerMinute > 0) {
            context.schedule(check, PunctuationType.WALL_CLOCK_TIME, now -> {
                if (maxTs != Long.MIN_VALUE) {
                    admission.prune(maxTs, spec.idleExpiryBatch);
                }
            });
        }
    }

    @Override
    public void process(Record<String, Point> record) {
        String series = record.value().series();
        try {
            detect(record);
        } catch (RuntimeException e) {
            // The record becomes a dead letter (RecordFailureHandler) and its series goes on from its stored state,
            // the one before this point: the decoded one may have seen half of it.
            states.forget(series);
            throw e;
        }
    }

    @Override
    public void close() {
        if (states != null) {
            states.close();
        }
    }

    private void detect(Record<String, Point> record) {
        long t0 = System.nanoTime();
        Point p = record.value();
        SeriesStates.Found found = states.find(p.series());
        if (found == SeriesStates.Found.NONE && !admission.admit(p.ts())) {
            context().forward(deadLetters.of(record, "series-limit",
                    "more than " + spec.maxNewSeriesPerMinute + " new series in a minute"));
            return;
        }
        SeriesState state = states.current();
        // Where the parse stage read the point in the points topic, whichever way it came here (a repartition topic gives
        // it new offsets of its own, and the ingest sends it again after a crash).
        boolean positioned = tracksInputPosition && p.partition() >= 0;
        // A point read again after a crash (DetectorTopology#keepsInputPositions): its score went out the first time.
        if (positioned && state.holdsInput(p.partition(), p.offset(), p.ts(), p.value())) {
            events.pointReread();
            return;
        }
        // A series whose newest point was stamped ahead of its time (a device clock that jumped forward, within
        // input.maxFutureSkew) goes on from a point on time: otherwise every point until the wall clock caught up with
        // the bad one would be a late dead letter.
        if (detector.stepBackIfAhead(state, p.ts(), wallClock, FUTURE_TOLERANCE_MS)) {
            events.seriesSteppedBack();
        }
        Outcome outcome = detector.update(state, p.ts(), p.value(), out);
        if (outcome != Outcome.SCORED) {
            context().forward(deadLetters.of(record, outcome.reason(), switch (outcome) {
                case LATE -> "timestamp is older than the series' newest point";
                case DUPLICATE -> "same timestamp and value as the previous point";
                case VALUE_OUT_OF_RANGE -> "value " + p.value() + " is beyond ±" + Detector.MAX_ABS_VALUE
                        + ", more than a series' statistics hold";
                case SCORED -> throw new IllegalStateException("a scored point is no dead letter");
            }));
            return;
        }
        boolean muted = controls != null && applyControl(p.series());
        byte[] score = scores.write(p.series(), out, tagNames, p.tags(), muted);
        events.scored(p.series(), out, System.nanoTime() - t0);
        // The state is written last: if anything before throws, the record becomes a dead letter and the
        // stored state is still the one before it, so the next point meets a state that saw no half-point.
        maxTs = Math.max(maxTs, p.ts());
        if (positioned) {
            state.inputAt(p.partition(), p.offset());
        }
        states.write(p.series());
        context().forward(record.withValue((Detected) new Detected.Scored(score)));
        if (incidents != null) {
            AnomalyEvent event = incidents.observe(p.series(), out, p.tags());
            if (event != null) {
                emit(record.withValue((Detected) new Detected.Event(AnomalyEventJson.write(event))), event);
            }
        }
    }

    /**
     * Makes {@code out.anomaly} the final decision under the series' control (the score stays the detector's):
     * the metrics, the score record, the incidents and so the alerts all see this one decision. Returns whether
     * a mute kept the point from being flagged.
     */
    private boolean applyControl(String series) {
        SeriesControl control = controls.find(series);
        if (control == null) {
            return false;
        }
        SeriesControl.Verdict verdict = control.judge(scoring.threshold(), out.warmup, out.score, out.value, out.expected, out.ts);
        out.anomaly = verdict == SeriesControl.Verdict.ANOMALY;
        if (verdict == SeriesControl.Verdict.MUTED || verdict == SeriesControl.Verdict.HELD_BACK) {
            events.controlled(verdict);
        }
        return verdict == SeriesControl.Verdict.MUTED;
    }

    private void emit(Record<String, Detected> record, AnomalyEvent event) {
        context().forward(record);
        events.anomalyEvent(event);
    }

    private void refreshModel() {
        Model next = serving.offer(models.get(spec.model));
        if (next.id() != detector.model().id()) {
            detector.setModel(next);
        }
    }

    /** One bounded step of idle expiry, in stream time; the next one goes on where it stopped. */
    private void expireIdle() {
        if (maxTs == Long.MIN_VALUE) {
            return;
        }
        if (incidents != null) {
            // A series that stopped sending has no next point to close its incident on: close it as it expires.
            for (AnomalyEvent closed : incidents.closeSilent(maxTs - idleExpiryMs)) {
                emit(new Record<>(closed.series(), (Detected) new Detected.Event(AnomalyEventJson.write(closed)),
                        timestamps.stamp(maxTs)), closed);
            }
        }
        IdleExpiry.Step step = expiry.step(maxTs);
        if (step.expired() > 0) {
            LOG.info("expired {} idle series of {} looked at (no point for {})", step.expired(), step.examined(), spec.idleExpiry);
        }
    }
}
