package io.surprisal.eval;

/**
 * Per-series fine-tuning in the evaluation, as the offline trainer could do for one series: when
 * a series has {@code first} points, and again each time its count has grown by {@code growth},
 * the current model is trained a little on that series' history so far (time split: the newest
 * {@code validationShare} only validates), and adopted when it predicts the held-out part better.
 * The series' state is then rebuilt by replaying its history under the new model, so its
 * normaliser, hidden state and surprisal statistics are those the new model would have had.
 *
 * @param first            points before the first fine-tune
 * @param growth           factor between two fine-tunes (2 = at 1000, 2000, 4000, ... points)
 * @param steps            Adam steps per fine-tune (one epoch)
 * @param batch            windows per Adam step
 * @param window           steps per training window (the first 32 only warm the state up)
 * @param learningRate     Adam step size
 * @param calendar         add time-of-day and day-of-week inputs (zero weights at first) before the first fine-tune
 * @param validationShare  newest share of the history held out to decide adoption
 */
public record FineTuning(int first, double growth, int steps, int batch, int window, double learningRate,
                         boolean calendar, double validationShare) {

    /** The variant measured on NAB (see the commit that added it): not better than the generic model alone. */
    public static final FineTuning MEASURED = new FineTuning(1000, 2.0, 40, 16, 128, 3e-3, true, 0.2);

    public FineTuning {
        if (first < 2 * window || !(growth > 1) || steps < 1 || batch < 1 || window < 33 || !(learningRate > 0)
                || !(validationShare > 0 && validationShare < 0.5)) {
            throw new IllegalArgumentException("bad fine-tuning settings: " + this);
        }
    }
}
