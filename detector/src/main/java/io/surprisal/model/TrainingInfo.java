package io.surprisal.model;

/**
 * Where a model's weights came from. Times are ISO-8601 strings as written in the document.
 *
 * @param dataFrom        first timestamp of the training data (or a description for synthetic data)
 * @param dataTo          last timestamp of the training data
 * @param series          number of series the trainer used
 * @param validationLoss  mean Gaussian negative log-likelihood (nats) on held-back windows
 * @param created         when the trainer wrote the document
 * @param trainerVersion  version of the code that trained it
 * @param recipe          free text: the command, seed and data recipe
 */
public record TrainingInfo(String dataFrom, String dataTo, long series, double validationLoss,
                           String created, String trainerVersion, String recipe) {
}
