package io.surprisal.stream;

import io.surprisal.model.Model;
import io.surprisal.score.Detector;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.CorruptStateException;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The detector stage: reads the series' state, runs the {@link Detector}, writes the state back and
 * emits the score record (or a dead letter for a late or duplicate point). Picks up a new model
 * from the global store within a second, without a restart.
 */
final class DetectorProcessor extends ContextualProcessor<String, Point, String, Routed> {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorProcessor.class);
    static final String STAGE = "detect";
    static final Duration MODEL_CHECK = Duration.ofSeconds(1);

    private final TopologySpec spec;
    private final ScoringConfig scoring;
    private final DetectorEvents events;
    private final ServingModel serving;
    private final SeriesStateSerde serde = new SeriesStateSerde();
    private final ScoreJson json = new ScoreJson();
    private final ScoreRecord out = new ScoreRecord();
    private final long idleExpiryMs;
    private KeyValueStore<String, byte[]> series;
    private KeyValueStore<String, byte[]> models;
    private Detector detector;
    private SeriesState state;
    private long maxTs = Long.MIN_VALUE;
    private NewSeriesAdmission admission;
    private IdleExpiry expiry;

    DetectorProcessor(TopologySpec spec, DetectorEvents events, ServingModel serving) {
        this.spec = spec;
        this.scoring = spec.scoring.toConfig();
        this.events = events;
        this.serving = serving;
        this.idleExpiryMs = spec.idleExpiry == null || spec.idleExpiry.isBlank() ? 0 : Duration.parse(spec.idleExpiry).toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        super.init(context);
        series = context.getStateStore(DetectorTopology.SERIES_STORE);
        models = context.getStateStore(DetectorTopology.MODEL_STORE);
        detector = new Detector(serving.offer(models.get(spec.model)), scoring);
        state = detector.newState();
        admission = new NewSeriesAdmission(context.getStateStore(DetectorTopology.ADMISSION_STORE), spec.maxNewSeriesPerMinute);
        context.schedule(MODEL_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> refreshModel());
        if (idleExpiryMs > 0) {
            expiry = new IdleExpiry(series, idleExpiryMs, spec.idleExpiryBatch);
            context.schedule(Duration.parse(spec.idleExpiryCheck), PunctuationType.WALL_CLOCK_TIME, now -> expireIdle());
        }
        if (spec.maxNewSeriesPerMinute > 0) {
            context.schedule(Duration.parse(spec.idleExpiryCheck), PunctuationType.WALL_CLOCK_TIME, now -> {
                if (maxTs != Long.MIN_VALUE) {
                    admission.prune(maxTs, spec.idleExpiryBatch);
                }
            });
        }
    }

    @Override
    public void process(Record<String, Point> record) {
        long t0 = System.nanoTime();
        Point p = record.value();
        byte[] stored = series.get(p.series());
        if (stored == null) {
            if (!admission.admit(p.ts())) {
                deadLetter(record, p, "series-limit", "more than " + spec.maxNewSeriesPerMinute + " new series in a minute");
                return;
            }
            state.clear();
        } else {
            try {
                serde.readInto(stored, state);
            } catch (CorruptStateException e) {
                if (stored.length > 0 && stored[0] > SeriesStateSerde.VERSION) {
                    throw new NewerStateFormatException(p.series(), stored[0], SeriesStateSerde.VERSION);
                }
                LOG.warn("series '{}': stored state unreadable ({}); starting it afresh", p.series(), e.getMessage());
                state = detector.newState();
            }
        }
        Outcome outcome = detector.update(state, p.ts(), p.value(), out);
        if (outcome != Outcome.SCORED) {
            deadLetter(record, p, outcome.reason(), outcome == Outcome.LATE
                    ? "timestamp is older than the series' newest point" : "same timestamp and value as the previous point");
            return;
        }
        byte[] score = json.write(p.series(), out);
        events.scored(p.series(), out, System.nanoTime() - t0);
        // The state is written last: if anything before throws, the record becomes a dead letter and the
        // stored state is still the one before it, so the next point meets a state that saw no half-point.
        maxTs = Math.max(maxTs, p.ts());
        series.put(p.series(), serde.serialize(state));
        context().forward(record.withValue((Routed) new Routed.Good(p, score)));
    }

    private void deadLetter(Record<String, Point> record, Point p, String reason, String error) {
        events.deadLettered(reason);
        context().forward(new Record<String, Routed>(p.series(),
                new Routed.DeadLetter(p.series().getBytes(StandardCharsets.UTF_8), json.writePoint(p.series(), p.ts(), p.value())),
                record.timestamp(), DeadLetters.headers(reason, error, STAGE, spec.topics.points, p.partition(), p.offset())));
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
        IdleExpiry.Step step = expiry.step(maxTs);
        if (step.expired() > 0) {
            LOG.info("expired {} idle series of {} looked at (no point for {})", step.expired(), step.examined(), spec.idleExpiry);
        }
    }

    long burnIns() {
        return detector.burnIns();
    }

}
