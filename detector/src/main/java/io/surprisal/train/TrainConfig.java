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
        return toBuilder().cell(c, h).build();
    }

    public TrainConfig withEpochs(int max, int steps) {
        return toBuilder().epochs(max, steps).build();
    }

    public TrainConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public TrainConfig withThreads(int t) {
        return toBuilder().threads(t).build();
    }

    public TrainConfig withWindow(int w, int warmup) {
        return toBuilder().window(w, warmup).build();
    }

    public TrainConfig withFeatures(Features f) {
        return toBuilder().features(f).build();
    }

    /** These settings, to change some of them by name rather than by position among fifteen. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy of a configuration whose settings change one by one; {@link #build()} checks them all again. */
    public static final class Builder {
        private CellType cell;
        private int hidden;
        private Features features;
        private final Normalization normalization;
        private int window;
        private int warmupSteps;
        private final int batch;
        private final double learningRate;
        private final double clipNorm;
        private int stepsPerEpoch;
        private int maxEpochs;
        private final int patience;
        private final double validationShare;
        private long seed;
        private int threads;

        private Builder(TrainConfig c) {
            cell = c.cell;
            hidden = c.hidden;
            features = c.features;
            normalization = c.normalization;
            window = c.window;
            warmupSteps = c.warmupSteps;
            batch = c.batch;
            learningRate = c.learningRate;
            clipNorm = c.clipNorm;
            stepsPerEpoch = c.stepsPerEpoch;
            maxEpochs = c.maxEpochs;
            patience = c.patience;
            validationShare = c.validationShare;
            seed = c.seed;
            threads = c.threads;
        }

        public Builder cell(CellType c, int h) {
            cell = c;
            hidden = h;
            return this;
        }

        public Builder features(Features f) {
            features = f;
            return this;
        }

        public Builder window(int steps, int warmup) {
            window = steps;
            warmupSteps = warmup;
            return this;
        }

        public Builder epochs(int max, int steps) {
            maxEpochs = max;
            stepsPerEpoch = steps;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder threads(int t) {
            threads = t;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(cell, hidden, features, normalization, window, warmupSteps, batch, learningRate, clipNorm,
                    stepsPerEpoch, maxEpochs, patience, validationShare, seed, threads);
        }
    }
}
