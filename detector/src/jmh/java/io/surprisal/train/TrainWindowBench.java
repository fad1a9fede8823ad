package io.surprisal.train;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Layout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training window through {@link Network} at the trainer's defaults (a GRU of 32 units, windows of 128 steps, the
 * first 32 warming the state up): the forward pass alone (validation) and forward and backward (a training window,
 * its gradient added to a batch's). Training is most of what {@code train} and UCR's {@code eval} spend. The other cells
 * with {@code -p cell=LSTM}, {@code ELMAN_TANH} or {@code ELMAN_RELU}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TrainWindowBench {
    /** The trainer's default cell. */
    @Param({"GRU"})
    public CellType cell;

    static final int HIDDEN = 32;
    static final int WINDOW = 128;
    static final int WARMUP = 32;

    Network network;
    double[] weights;
    double[] gradient;
    float[] x;
    float[] y;

    @Setup
    public void setup() {
        int inputs = new Features(false).count();
        Layout layout = new Layout(cell, HIDDEN, inputs);
        network = new Network(layout);
        SplittableRandom random = new SplittableRandom(42);
        weights = new double[layout.size];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextGaussian() * 0.2;
        }
        gradient = new double[layout.size];
        x = new float[(WINDOW + 1) * inputs];
        y = new float[WINDOW + 1];
        for (int t = 0; t <= WINDOW; t++) {
            y[t] = (float) Math.sin(t * 0.1) + (float) random.nextGaussian() * 0.1f;
            x[t * inputs] = t == 0 ? 0 : y[t - 1];
        }
    }

    @Benchmark
    public double forward() {
        return network.run(weights, x, y, 1, WINDOW, WARMUP, null, 1);
    }

    @Benchmark
    public double forwardAndBackward() {
        return network.run(weights, x, y, 1, WINDOW, WARMUP, gradient, 1e-3);
    }
}
