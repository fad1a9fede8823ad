package io.surprisal.eval;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.Detector;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;

import io.surprisal.train.SeriesTuner;

import java.util.Arrays;
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
    private final boolean tunePrefix;
    private final boolean periodModel;

    public SurprisalDetector() {
        this(ModelDocument.generic(), ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL));
    }

    public SurprisalDetector(Model model, ScoringConfig config) {
        this(model, config, null);
    }

    /** @param tuning per-series fine-tuning, or null for the shared model alone */
    public SurprisalDetector(Model model, ScoringConfig config, FineTuning tuning) {
        this(model, config, tuning, true);
    }

    /** @param tunePrefix whether a series' anomaly-free prefix, when there is one, tunes the model for it */
    public SurprisalDetector(Model model, ScoringConfig config, FineTuning tuning, boolean tunePrefix) {
        this(model, config, tuning, tunePrefix, true);
    }

    /** @param periodModel whether tuning on a prefix also learns the series' period model */
    public SurprisalDetector(Model model, ScoringConfig config, FineTuning tuning, boolean tunePrefix, boolean periodModel) {
        this.model = model;
        this.config = config;
        this.tuning = tuning;
        this.tunePrefix = tunePrefix;
        this.periodModel = periodModel;
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

    /**
     * Learns from the anomaly-free prefix the way a deployment learns from its history: the model is
     * fine-tuned on it with the trainer's engine and kept only when it finds more planted anomalies
     * in the prefix's newest part ({@link SeriesTuner}); then the whole prefix is streamed through
     * the detector so that its state is that of a series watched since its first point.
     */
    @Override
    public SeriesScorer create(String seriesName, double[] values, long[] timestampsMillis, int trainEnd) {
        Model chosen = model;
        if (tuning == null && tunePrefix) {
            SeriesHistory prefix = new SeriesHistory(seriesName, Arrays.copyOf(timestampsMillis, trainEnd),
                    Arrays.copyOf(values, trainEnd));
            chosen = new SeriesTuner(SeriesTuner.quickConfig(model), config, periodModel).tune(prefix, model, null).model();
        }
        SeriesScorer scorer = new SurprisalDetector(chosen, config, tuning, false).create(seriesName);
        for (int i = 0; i < trainEnd; i++) {
            scorer.score(timestampsMillis[i], values[i]);
        }
        return scorer;
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
        s.put("tunePrefix", tunePrefix);
        s.put("periodModel", tunePrefix && periodModel);
        if (tuning != null) {
            s.put("fineTuning", tuning.toString());
        }
        return s;
    }
}
