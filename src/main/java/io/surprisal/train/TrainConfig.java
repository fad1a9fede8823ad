package io.surprisal.train;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Normalization;

/**
 * Everything that decides what the trainer learns; with the data and the seed it fixes the result.
 *
 * @param window           steps per training window (truncation length of back-propagation through time)
 * @param warmupSteps      first steps of each window that warm the state up and carry no loss
 * @param batch            windows per Adam step
 * @param learningRate     Adam step size
 * @param clipNorm         the global gradient norm is clipped to this
 * @param stepsPerEpoch    Adam steps between validation checks
 * @param maxEpochs        upper bound on epochs
 * @param patience         epochs without a better validation loss before stopping
 * @param validationShare  share of series held back for validation (never trained on)
 * @param threads          worker threads for the gradient (results do not depend on it)
 */
public record TrainConfig(CellType cell, int hidden, Features features, Normalization normalization,
                          int window, int warmupSteps, int batch, double learningRate, double clipNorm,
                          int stepsPerEpoch, int maxEpochs, int patience, double validationShare,
                          long seed, int threads) {

    public static TrainConfig defaults() {
        return new TrainConfig(CellType.GRU, 32, new Features(false), Normalization.DEFAULT, 128, 32, 32, 3e-3, 1.0,
                100, 30, 4, 0.15, 42, Runtime.getRuntime().availableProcessors());
    }

    public TrainConfig {
        if (window < 2 || warmupSteps < 0 || warmupSteps >= window) {
            throw new IllegalArgumentException("need window >= 2 and 0 <= warmupSteps < window");
        }
        if (batch < 1 || stepsPerEpoch < 1 || maxEpochs < 1 || patience < 1 || threads < 1) {
            throw new IllegalArgumentException("batch, stepsPerEpoch, maxEpochs, patience and threads must be >= 1");
        }
        if (!(learningRate > 0) || !(clipNorm > 0) || !(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("need learningRate > 0, clipNorm > 0, 0 < validationShare < 1");
        }
    }

    public TrainConfig withCell(CellType c, int h) {
        return new TrainConfig(c, h, features, normalization, window, warmupSteps, batch, learningRate, clipNorm,
                stepsPerEpoch, maxEpochs, patience, validationShare, seed, threads);
    }

    public TrainConfig withEpochs(int max, int steps) {
        return new TrainConfig(cell, hidden, features, normalization, window, warmupSteps, batch, learningRate, clipNorm,
                steps, max, patience, validationShare, seed, threads);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(cell, hidden, features, normalization, window, warmupSteps, batch, learningRate, clipNorm,
                stepsPerEpoch, maxEpochs, patience, validationShare, s, threads);
    }

    public TrainConfig withThreads(int t) {
        return new TrainConfig(cell, hidden, features, normalization, window, warmupSteps, batch, learningRate, clipNorm,
                stepsPerEpoch, maxEpochs, patience, validationShare, seed, t);
    }

    public TrainConfig withWindow(int w, int b) {
        return new TrainConfig(cell, hidden, features, normalization, w, b, batch, learningRate, clipNorm,
                stepsPerEpoch, maxEpochs, patience, validationShare, seed, threads);
    }

    public TrainConfig withFeatures(Features f) {
        return new TrainConfig(cell, hidden, f, normalization, window, warmupSteps, batch, learningRate, clipNorm,
                stepsPerEpoch, maxEpochs, patience, validationShare, seed, threads);
    }
}
