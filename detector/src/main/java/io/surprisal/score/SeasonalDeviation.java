package io.surprisal.score;

import io.surprisal.model.SeasonalModel;
import io.surprisal.state.SeasonalState;
import io.surprisal.state.SeriesState;

/**
 * The third expectation a point is judged against, for a series whose model learned its period
 * ({@link SeasonalModel}): how the last period says the block now ending should go, and whether
 * the period now ending has a shape the history showed (the model's codebook). Points are
 * averaged into blocks; when a block completes, its mean is compared with the period model's
 * prediction from the blocks of the last period, and the error, standardised by how large the
 * model's errors have lately been, gives the two-sided tail probability of the block under the
 * model: a cycle of another shape, a skipped beat or a late one misses by many spreads.
 *
 * <p>The spread starts at the residual spread of the history the model was fitted on and then
 * follows the series' own errors with a memory of {@value #SPREAD_MEMORY} blocks (a single error
 * counts at most as {@value #MAX_ERROR} spreads, and while the series is anomalous it teaches only
 * what ScoringConfig#anomalyLearning says), so a series that has become harder to predict for good
 * is judged against its new spread within a few dozen periods rather than firing for ever. There is
 * no long-run likelihood on top: the model is fitted to the series and its residual spread is
 * measured, so its tail probability is already calibrated (passing it through the anomaly likelihood
 * inflated single misses and lost as many UCR series as it found: see the README). The codebook's
 * usual distance and its spread follow the series the same way, more slowly ({@value #SHAPE_MEMORY}
 * blocks).
 */
public final class SeasonalDeviation {
    private static final double LOG_2 = Math.log(2);
    /** Blocks the spread of the errors remembers. */
    static final double SPREAD_MEMORY = 1000;
    /**
     * Blocks the usual distance to the nearest shape remembers. With the history's distances fixed for
     * good, a series whose periods drift fires for ever: period models learned in-stream on NAB at 750
     * points took the whole corpus to 0.8 (53.8 with this memory). A memory as short as the prediction
     * spread's (1000) lost 4 UCR series, this one 3 (0.576 against 0.600 with a fixed spread).
     */
    static final double SHAPE_MEMORY = 10_000;
    /** Spreads a single error may count for in the spread's update. */
    static final double MAX_ERROR = 10;

    private SeasonalDeviation() {
    }

    /**
     * Adds the value to the block being filled; when that completes the block, judges the block's
     * mean against the model's prediction and stores it, then judges the period it completes against
     * the codebook of shapes; returns the natural log of the smaller tail probability (two-sided for
     * the prediction's error, upper for the distance to the nearest shape, counted at
     * {@link #SHAPE_WEIGHT}), or NaN when no block completed or less than one period is kept.
     */
    public static double observe(SeasonalState p, SeasonalModel model, double value, double learning) {
        double u = Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, model.normalize(value)));
        p.blockSum += (float) u;
        p.blockCount++;
        if (p.blockCount < model.block()) {
            return Double.NaN;
        }
        short mean = SeriesState.quantize(p.blockSum / p.blockCount);
        p.blockSum = 0;
        p.blockCount = 0;
        double logTail = Double.NaN;
        if (p.isFull()) {
            double error = SeriesState.dequantize(mean) - model.predict(p.ring(), p.oldest(), SeriesState.HISTORY_SCALE);
            if (p.residualVariance == 0) {
                p.residualVariance = (float) (model.residualStd() * model.residualStd());
            }
            double e = error / Math.sqrt(p.residualVariance);
            logTail = Math.min(0, LOG_2 + GaussianTail.logUpperTail(Math.abs(e)));
            double counted = Math.min(e * e, MAX_ERROR * MAX_ERROR);
            double w = learning / SPREAD_MEMORY;
            p.residualVariance = (float) Math.max((1 - w) * p.residualVariance + w * counted * p.residualVariance,
                    Float.MIN_NORMAL);
        }
        p.push(mean);
        if (p.isFull() && model.shapes() > 0) {
            double distance = model.nearestShapeDistance(p.ring(), p.oldest(), SeriesState.HISTORY_SCALE);
            if (p.shapeVariance == 0) {
                p.shapeMean = (float) model.distanceMean();
                p.shapeVariance = (float) (model.distanceStd() * model.distanceStd());
            }
            double sd = Math.sqrt(p.shapeVariance);
            double z = (distance - p.shapeMean) / sd;
            double novelty = SHAPE_WEIGHT * Math.min(0, GaussianTail.logUpperTail(z));
            logTail = Double.isNaN(logTail) ? novelty : Math.min(logTail, novelty);
            // Like the prediction's spread, what is a usual distance follows the series, slowly, and learns
            // little from anomalies: a series whose periods drift for good is judged against its new shapes.
            double d = Math.max(-MAX_ERROR * sd, Math.min(MAX_ERROR * sd, distance - p.shapeMean));
            double w = learning / SHAPE_MEMORY;
            p.shapeMean = (float) (p.shapeMean + w * d);
            p.shapeVariance = (float) Math.max((1 - w) * (p.shapeVariance + w * d * d), Float.MIN_NORMAL);
        }
        return logTail;
    }

    /**
     * The share of its digits of surprise the shape judgement counts: distances to the nearest of a
     * few hundred shapes have a heavier tail than a Gaussian, and at full strength (or with an
     * exponential tail) the shape judgement outshouted the other two on UCR; at a half, 77 series
     * against 71 (see the README).
     */
    static final double SHAPE_WEIGHT = 0.5;

    /** Normalised values are kept as 16-bit fixed point: beyond this they are clipped (see SeriesState#quantize). */
    private static final double MAX_MAGNITUDE = 10;
}
