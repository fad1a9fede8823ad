package io.surprisal.eval;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.score.Detector;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import io.surprisal.train.SeriesTuner;

import java.util.Arrays;

/**
 * One series scored by the shared {@link Detector}, with {@link FineTuning} of the model on the
 * series' own past. Only points already scored are trained on; the label windows are never seen.
 */
final class FineTuningScorer implements SeriesScorer {
    private final String key;
    private final ScoringConfig config;
    private final FineTuning tuning;
    private final Detector detector;
    private final SeriesState state;
    private final ScoreRecord out = new ScoreRecord();
    private long[] timestamps = new long[1024];
    private double[] values = new double[1024];
    private int size;
    private long next;
    private int adopted;

    FineTuningScorer(String key, Model model, ScoringConfig config, FineTuning tuning) {
        this.key = key;
        this.config = config;
        this.tuning = tuning;
        this.detector = new Detector(model, config);
        this.state = detector.newState();
        this.next = tuning.first();
    }

    @Override
    public double score(long timestampMillis, double value) {
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, 2 * size);
            values = Arrays.copyOf(values, 2 * size);
        }
        timestamps[size] = timestampMillis;
        values[size] = value;
        size++;
        double score = detector.update(state, timestampMillis, value, out) == Outcome.SCORED ? out.score : 0;
        if (size == next) {
            next = (long) Math.ceil(next * tuning.growth());
            fineTune();
        }
        return score;
    }

    /** Version of the model now scoring the series (the generic one until a fine-tune is adopted). */
    String modelVersion() {
        return detector.model().version();
    }

    private void fineTune() {
        SeriesHistory history = new SeriesHistory(key, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
        Model current = detector.model();
        // Without the period model: fitted in-stream on NAB at 750 points it fired everywhere (standard 1.6).
        SeriesTuner.Decision d = new SeriesTuner(SeriesTuner.quickConfig(current), config, false).tune(history, current, null);
        if (!d.adopted()) {
            return;
        }
        adopted++;
        Model tuned = d.model();
        // Rebuild the state as if the tuned model had served the series from its first point.
        Detector replay = new Detector(tuned, config);
        SeriesState rebuilt = replay.newState();
        ScoreRecord scratch = new ScoreRecord();
        for (int i = 0; i < size; i++) {
            replay.update(rebuilt, timestamps[i], values[i], scratch);
        }
        SeriesStateSerde serde = new SeriesStateSerde();
        serde.readInto(serde.serialize(rebuilt), state);
        detector.setModel(tuned);
    }
}
