package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * One round of the offline trainer: split the history by series, train (from the serving model
 * or from scratch), then judge the new weights against the serving model on the same held-back
 * series, by what the detector does with them: the share of anomalies planted into the second half
 * of each held-back series that the detector finds there ({@link DetectionCheck}), and then the
 * validation loss. Only a model that is better there should be published.
 */
public final class TrainingJob {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What a round produced and whether it should replace the serving model. */
    public record Outcome(Model candidate, double candidateLoss, Model serving, double servingLoss, TrainResult training,
                          double candidateFound, double servingFound, boolean learnedPeriod) {
        public Outcome(Model candidate, double candidateLoss, Model serving, double servingLoss, TrainResult training,
                       double candidateFound, double servingFound) {
            this(candidate, candidateLoss, serving, servingLoss, training, candidateFound, servingFound, false);
        }

        /**
         * True when the candidate finds more planted anomalies in the held-back series, or as many
         * (or the check had nothing to plant into) with a lower validation loss; or, for one series,
         * when it learned the series' period and the serving model had none.
         */
        public boolean better() {
            if (learnedPeriod) {
                return true;
            }
            boolean judged = !Double.isNaN(candidateFound) && !Double.isNaN(servingFound);
            if (judged && candidateFound != servingFound) {
                return candidateFound > servingFound;
            }
            return candidateLoss < servingLoss;
        }

        public String verdict() {
            String found = Double.isNaN(candidateFound) ? "" : String.format(", planted anomalies found %.2f vs %.2f",
                    better() ? candidateFound : servingFound, better() ? servingFound : candidateFound);
            double delta = servingLoss - candidateLoss;
            return better()
                    ? String.format("new model %s wins: validation NLL %.4f vs %.4f for %s (better by %.4f)%s",
                    candidate.version(), candidateLoss, servingLoss, serving.version(), delta, found)
                    : String.format("serving model %s stays: validation NLL %.4f vs %.4f for the new one (worse by %.4f)%s",
                    serving.version(), servingLoss, candidateLoss, -delta, found);
        }
    }

    private TrainingJob() {
    }

    /**
     * A round for a deployment that watches one series: the serving model is tuned to that series'
     * history ({@link SeriesTuner}: fine-tuned weights kept only when they find more planted
     * anomalies in the newest fifth, and the series' period model), versioned like any round's model. The candidate is
     * judged with the deployment's own {@code scoring} (its points replayed in arrival order).
     */
    public static Outcome tuneOne(SeriesHistory series, Model serving, long seed, ScoringConfig scoring, Consumer<String> progress) {
        progress.accept(String.format("tuning on the history of one series, %s (%d points)", series.id(), series.size()));
        TrainConfig quick = SeriesTuner.quickConfig(serving).withSeed(seed);
        SeriesTuner.Decision d = new SeriesTuner(quick, scoring.withOrder(OrderPolicy.ARRIVAL))
                .tune(series, serving, progress);
        Model tuned = d.model();
        Model candidate = new Model(serving.name(), serving.name() + "-" + STAMP.format(Instant.now()), tuned.layout(),
                tuned.weights(), tuned.features(), tuned.normalization(), tuned.training(), tuned.seasonal());
        TrainResult training = d.training() != null ? d.training()
                : new TrainResult(candidate, d.servingLoss(), d.servingLoss(), 0, 0, 0);
        boolean learnedPeriod = candidate.seasonal() != null && serving.seasonal() == null;
        double candidateLoss = d.adopted() ? d.candidateLoss() : d.servingLoss();
        return new Outcome(candidate, candidateLoss, serving, d.servingLoss(), training, d.candidateFound(), d.servingFound(),
                learnedPeriod);
    }

    /**
     * A round whose check replays the held-back series through the detector with the deployment's own {@code scoring}
     * (in arrival order): a deployment that keeps no daily profile, or reads its hours in another time zone, judges a
     * candidate by what its own detectors would do with it.
     */
    public static Outcome run(List<SeriesHistory> history, TrainConfig config, Model serving, boolean fromScratch,
                              String dataFrom, String dataTo, String recipe, ScoringConfig scoring, Consumer<String> progress) {
        List<List<SeriesHistory>> split = ValidationSplit.bySeries(history, config.validationShare(), config.seed());
        long points = history.stream().mapToLong(SeriesHistory::size).sum();
        progress.accept(String.format("training on %d series (%d held back for validation), %d points",
                split.get(0).size(), split.get(1).size(), points));
        Trainer trainer = new Trainer(config, (epoch, max, train, val, best, ms) -> progress.accept(String.format(
                "epoch %d/%d train=%.4f validation=%.4f best=%.4f elapsed=%ds (at most %ds left)",
                epoch, max, train, val, best, ms / 1000, ms / epoch * (max - epoch) / 1000)));
        String version = serving.name() + "-" + STAMP.format(Instant.now());
        TrainResult result = trainer.train(split.get(0), split.get(1), fromScratch ? null : serving, serving.name(), version,
                dataFrom, dataTo, recipe);
        double servingLoss = trainer.evaluate(serving, split.get(1));
        List<DetectionCheck.HeldBack> heldBack = split.get(1).stream().filter(h -> h.size() >= 2)
                .map(h -> new DetectionCheck.HeldBack(h, h.size() / 2)).toList();
        DetectionCheck check = new DetectionCheck(scoring.withOrder(OrderPolicy.ARRIVAL), config.seed());
        double candidateFound = check.foundShare(result.model(), heldBack);
        double servingFound = check.foundShare(serving, heldBack);
        progress.accept(String.format("planted anomalies found in the held-back series: %.2f by the new model, %.2f by %s",
                candidateFound, servingFound, serving.version()));
        return new Outcome(result.model(), result.validationLoss(), serving, servingLoss, result, candidateFound, servingFound);
    }
}
