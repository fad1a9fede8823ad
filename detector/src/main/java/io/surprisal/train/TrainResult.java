package io.surprisal.train;

import io.surprisal.model.Model;

/**
 * What a training run produced.
 *
 * @param model            the weights with the best validation loss
 * @param initialLoss      validation loss of the starting weights
 * @param validationLoss   validation loss of {@link #model}
 * @param epochs           epochs run (including those after the best one, up to the patience)
 * @param windows          training windows seen
 * @param millis           wall time of the run
 */
public record TrainResult(Model model, double initialLoss, double validationLoss, int epochs, long windows, long millis) {
}
