package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.score.Detector;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;

/**
 * A series as the model sees it: the input vector of every step and, as the target of step t, the
 * normalised value of point t+1. Built by running the detector itself over the raw history, so the
 * trainer normalises exactly as the detector does (same code, same cold start, same clipping).
 */
public record EncodedSeries(String id, float[] inputs, float[] targets, int steps, int features) {

    public static EncodedSeries encode(SeriesHistory history, Model model) {
        Detector detector = new Detector(model, ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL));
        SeriesState state = detector.newState();
        ScoreRecord out = new ScoreRecord();
        int n = history.size();
        int f = model.features().count();
        float[] x = new float[n * f];
        float[] z = new float[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            double v = history.values()[i];
            if (!Double.isFinite(v)) {
                continue;
            }
            if (detector.update(state, history.timestamps()[i], v, out) != Outcome.SCORED) {
                continue;
            }
            System.arraycopy(detector.lastInput(), 0, x, kept * f, f);
            z[kept] = detector.lastInput()[0];
            kept++;
        }
        int steps = Math.max(0, kept - 1);
        float[] targets = new float[steps];
        System.arraycopy(z, 1, targets, 0, steps);
        return new EncodedSeries(history.id(), x, targets, steps, f);
    }
}
