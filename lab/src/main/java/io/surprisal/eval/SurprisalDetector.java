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
import io.surprisal.train.TrainConfig;
import io.surprisal.train.TrainingJob;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
    /** The model a deployment round over the history published, served from each series' go-live point; or null. */
    private final Model deployed;
    /** What that round concluded (its verdict line), or null when no round ran. */
    private final String deploymentVerdict;
    /** The round's budget and seed: {@code train}'s defaults. */
    private final TrainConfig roundConfig;

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
        this(model, config, tuning, tunePrefix, periodModel, null, null, TrainConfig.defaults());
    }

    private SurprisalDetector(Model model, ScoringConfig config, FineTuning tuning, boolean tunePrefix, boolean periodModel,
                              Model deployed, String deploymentVerdict, TrainConfig roundConfig) {
        this.model = model;
        this.config = config;
        this.tuning = tuning;
        this.tunePrefix = tunePrefix;
        this.periodModel = periodModel;
        this.deployed = deployed;
        this.deploymentVerdict = deploymentVerdict;
        this.roundConfig = roundConfig;
    }

    /** The same detector, serving {@code model} from each series' go-live point on ({@link #create(String, int)}). */
    SurprisalDetector deploying(Model model, String verdict) {
        return new SurprisalDetector(this.model, config, tuning, tunePrefix, periodModel, model, verdict, roundConfig);
    }

    /** The same detector whose round over a deployment's history trains with {@code round} (tests: a small budget). */
    SurprisalDetector withRoundConfig(TrainConfig round) {
        return new SurprisalDetector(model, config, tuning, tunePrefix, periodModel, deployed, deploymentVerdict, round);
    }

    /**
     * The same detector whose learning draws from {@code seed}: the round over a deployment's history and the tuning on
     * each prefix (which series are held back, which windows each step trains on). The default is {@code train}'s.
     */
    public SurprisalDetector withSeed(long seed) {
        return withRoundConfig(roundConfig.withSeed(seed));
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
        return scorer(null, 0);
    }

    /**
     * One round of the trainer over the deployment's history, exactly as {@code train} runs it for a deployment of
     * many series ({@link TrainingJob#run}: fine-tuned from the serving model, published only when it finds more
     * planted anomalies in held-back series); when it is published, each series switches to it at its go-live
     * point. Nothing is learnt with {@code --no-tune}, or when the series are tuned one by one as they stream.
     */
    @Override
    public DetectorFactory learnFrom(List<SeriesHistory> history, Consumer<String> progress) {
        if (tuning != null || !tunePrefix) {
            return this;
        }
        TrainingJob.Outcome round;
        try {
            round = TrainingJob.run(history, roundConfig, model, false,
                    "history", "history", "the deployment's history: " + history.size() + " series", config, progress);
        } catch (IllegalArgumentException tooShort) {
            // As train would refuse it: a history too short for one training window teaches nothing.
            String verdict = "no training round: " + tooShort.getMessage();
            progress.accept(verdict);
            return deploying(null, verdict);
        }
        String verdict = round.verdict();
        progress.accept(verdict);
        return deploying(round.better() ? round.candidate() : null, verdict);
    }

    @Override
    public SeriesScorer create(String seriesName, int goLive) {
        return deployed == null ? create(seriesName) : scorer(deployed, goLive);
    }

    /** One series through the detector with {@code model}, switching to {@code next} (unless null) at point {@code goLive}. */
    private SeriesScorer scorer(Model next, int goLive) {
        Detector detector = new Detector(model, config);
        SeriesState state = detector.newState();
        ScoreRecord out = new ScoreRecord();
        int[] seen = {0};
        return (ts, value) -> {
            if (next != null && seen[0]++ == goLive) {
                // As a running detector takes a published model: the series rebuilds its hidden state from its
                // stored inputs and keeps its statistics.
                detector.setModel(next);
            }
            return detector.update(state, ts, value, out) == Outcome.SCORED ? out.score : 0;
        };
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
            TrainConfig quick = SeriesTuner.quickConfig(model).withSeed(roundConfig.seed());
            chosen = new SeriesTuner(quick, config, periodModel).tune(prefix, model, null).model();
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
        if (tuning == null && tunePrefix) {
            s.put("seed", roundConfig.seed());
        }
        if (tuning != null) {
            s.put("fineTuning", tuning.toString());
        }
        if (deploymentVerdict != null) {
            s.put("deploymentRound", deploymentVerdict);
            s.put("deployedModel", deployed == null ? null : deployed.version());
        }
        return s;
    }
}
