package io.surprisal.train;

import io.surprisal.model.Model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * One round of the offline trainer: split the history by series, train (from the serving model
 * or from scratch), then judge the new weights against the serving model on the same held-back
 * series. Only a model that is better there should be published.
 */
public final class TrainingJob {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What a round produced and whether it should replace the serving model. */
    public record Outcome(Model candidate, double candidateLoss, Model serving, double servingLoss, TrainResult training) {
        /** True when the candidate's validation loss is lower than the serving model's. */
        public boolean better() {
            return candidateLoss < servingLoss;
        }

        public String verdict() {
            double delta = servingLoss - candidateLoss;
            return better()
                    ? String.format("new model %s wins: validation NLL %.4f vs %.4f for %s (better by %.4f)",
                    candidate.version(), candidateLoss, servingLoss, serving.version(), delta)
                    : String.format("serving model %s stays: validation NLL %.4f vs %.4f for the new one (worse by %.4f)",
                    serving.version(), servingLoss, candidateLoss, -delta);
        }
    }

    private TrainingJob() {
    }

    public static Outcome run(List<SeriesHistory> history, TrainConfig config, Model serving, boolean fromScratch,
                              String dataFrom, String dataTo, String recipe, Consumer<String> progress) {
        List<List<SeriesHistory>> split = Trainer.split(history, config.validationShare(), config.seed());
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
        return new Outcome(result.model(), result.validationLoss(), serving, servingLoss, result);
    }
}
