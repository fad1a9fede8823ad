package io.surprisal;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;
import io.surprisal.model.Normalization;
import io.surprisal.train.ModelFactory;
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
 * One {@link Model#step} per invocation, for every cell at three hidden sizes, and beside it
 * {@link PlainStep}, the untuned step it replaced, so one run gives the ratio. The inputs cycle
 * through a fixed table of plausible normalised values, so the activations see a spread of
 * arguments rather than one constant the JIT could fold, and the hidden state evolves as it would
 * on a real series. Setup checks that both give bit-identical states and predictions. Run with
 * {@code -prof gc}: gc.alloc.rate.norm must be about 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StepBench {
    static final int INPUTS = 1024; // power of two: the index wraps with a mask

    @Param({"ELMAN_TANH", "ELMAN_RELU", "GRU", "LSTM"})
    public CellType cell;

    @Param({"16", "32", "64"})
    public int hidden;

    /** false: value and interval (2 inputs); true: plus calendar sin/cos (6 inputs). */
    @Param({"false"})
    public boolean calendar;

    Model model;
    Model.Scratch scratch;
    float[] h;
    float[] c;
    PlainStep plain;
    float[] plainH;
    float[] plainC;
    float[][] inputs;
    int i;

    @Setup
    public void setup() {
        Features features = new Features(calendar);
        Layout layout = new Layout(cell, hidden, features.count());
        model = new Model("bench", "bench", layout, ModelFactory.initialWeights(layout, 42), features,
                Normalization.DEFAULT, null);
        scratch = model.newScratch();
        h = new float[hidden];
        c = new float[cell.hasCellState() ? hidden : 0];
        inputs = inputs(features, INPUTS, 7);
        plain = new PlainStep(layout, model.weights());
        plainH = new float[hidden];
        plainC = new float[c.length];
        checkSameAsPlain();
    }

    /** The tuned step must reproduce the plain one exactly: same float operations, same order. */
    private void checkSameAsPlain() {
        for (int t = 0; t < 5 * INPUTS; t++) {
            float[] x = inputs[t & (INPUTS - 1)];
            model.step(x, h, c, scratch);
            plain.step(x, plainH, plainC);
            if (!java.util.Arrays.equals(h, plainH) || !java.util.Arrays.equals(c, plainC)
                    || Float.compare(scratch.mean, plain.mean) != 0 || Float.compare(scratch.logStd, plain.logStd) != 0) {
                throw new IllegalStateException(cell + " H=" + hidden + ": Model.step differs from PlainStep at step " + t);
            }
        }
    }

    /** Normalised values of a noisy sine, interval feature near 0, calendar features for a 1-minute series. */
    static float[][] inputs(Features features, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] out = new float[n][features.count()];
        long ts = 1_700_000_000_000L;
        for (int k = 0; k < n; k++) {
            float z = (float) (Math.sin(k * 0.1) * 1.5 + rnd.nextGaussian() * 0.3);
            float interval = (float) (rnd.nextGaussian() * 0.05);
            features.encode(z, interval, ts + k * 60_000L, out[k]);
        }
        return out;
    }

    @Benchmark
    public float step() {
        model.step(inputs[i++ & (INPUTS - 1)], h, c, scratch);
        return scratch.mean + scratch.logStd;
    }

    @Benchmark
    public float plainStep() {
        plain.step(inputs[i++ & (INPUTS - 1)], plainH, plainC);
        return plain.mean + plain.logStd;
    }
}
