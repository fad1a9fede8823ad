package io.surprisal.sim;

import java.util.SplittableRandom;

/** Standard normal draws from a SplittableRandom, which has no nextGaussian on Java 17. */
final class Gaussian {

    private Gaussian() {
    }

    /** Box-Muller, one value per call: simple, and exactly reproducible for a seed. */
    static double next(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
