package io.surprisal.eval;

import io.surprisal.model.Model;
import io.surprisal.model.ModelDocument;
import io.surprisal.score.Detector;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recurrent detector in the evaluation harness: exactly the {@link Detector} the stream
 * processor runs, with the generic model, one series state per file, points in file order. NAB
 * files are ordered streams with the odd repeated or backward timestamp, so every row is scored
 * in arrival order.
 */
public final class SurprisalDetector implements DetectorFactory {
    private final Model model;
    private final ScoringConfig config;
    private final FineTuning tuning;

    public SurprisalDetector() {
        this(ModelDocument.generic(), ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL));
    }

    public SurprisalDetector(Model model, ScoringConfig config) {
        this(model, config, null);
    }

    /** @param tuning per-series fine-tuning, or null for the shared model alone */
    public SurprisalDetector(Model model, ScoringConfig config, FineTuning tuning) {
        this.model = model;
        this.config = config;
        this.tuning = tuning;
    }

    @Override
    public String name() {
        return tuning == null ? DetectorFactories.SURPRISAL : DetectorFactories.SURPRISAL_FT;
    }

    @Override
    public SeriesScorer create(String seriesName) {
        if (tuning != null) {
            return new FineTuningScorer(seriesName, model, config, tuning);
        }
        Detector detector = new Detector(model, config);
        SeriesState state = detector.newState();
        ScoreRecord out = new ScoreRecord();
        return (ts, value) -> detector.update(state, ts, value, out) == Outcome.SCORED ? out.score : 0;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", model.version());
        s.put("cell", model.cell().id());
        s.put("hidden", model.hidden());
        s.put("features", model.features().describe());
        s.put("normalization", model.normalization().toString());
        s.put("scoring", config.toString());
        if (tuning != null) {
            s.put("fineTuning", tuning.toString());
        }
        return s;
    }
}
