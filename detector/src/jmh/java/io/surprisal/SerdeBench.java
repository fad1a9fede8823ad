package io.surprisal;

import io.surprisal.score.ScoreRecord;
import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
import io.surprisal.stream.ScoreJson;
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
 * {@link SeriesStateSerde} at the shape of the generic model: H = 32 without cell state, a full
 * history of K = 64, a filled daily profile. {@code serialize} must allocate exactly its output
 * array (582 bytes + the 16-byte array header); {@code readInto} reuses the caller's state and
 * allocates nothing. {@code scoreJson} writes the score record of a point (no tags): with the two, what
 * a point costs in bytes written beside the step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SerdeBench {
    @Param({"32"})
    public int hidden;

    @Param({"64"})
    public int history;

    SeriesStateSerde serde;
    ScoreJson json;
    ScoreRecord score;
    SeriesState state;
    SeriesState target;
    byte[] bytes;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(5);
        state = new SeriesState(hidden, false, history);
        state.modelId = 0x1a3bd581;
        state.lastTs = 1_700_000_000_000L;
        state.count = 12_345;
        state.lastValue = 71.3f;
        state.mean = 70.9;
        state.variance = 2.5f;
        state.logInterval = 4.09f;
        state.predMean = 0.12f;
        state.predLogStd = -0.4f;
        state.surprisal.shortAverage = 1.1f;
        state.surprisal.longMean = 1.0f;
        state.surprisal.longVariance = 0.04f;
        for (int i = 0; i < SeriesState.HOURS; i++) {
            state.hourly()[i] = 0.4f;
            state.daily.usual[i] = (float) (70 + rnd.nextGaussian());
            state.daily.counts[i] = 100;
            state.daily.visits[i] = 30;
            state.daily.variance[i] = 1.5f;
            state.daily.weekend[i] = (float) rnd.nextGaussian(); // a series that has seen a weekend: the largest usual state
            state.daily.weekendCounts[i] = 20;
        }
        state.daily.residualVariance = 1.5f;
        state.daily.level = 70;
        state.daily.updates = 10_000;
        for (int i = 0; i < hidden; i++) {
            state.h()[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        state.roundHidden();
        for (int i = 0; i < history + 10; i++) { // wraps the ring buffer
            state.pushHistory(SeriesState.quantize(rnd.nextGaussian()));
        }
        serde = new SeriesStateSerde();
        bytes = serde.serialize(state);
        target = new SeriesState(hidden, false, history);
        serde.readInto(bytes, target);
        int expected = SeriesStateSerde.maxSize(hidden, false, history);
        if (bytes.length != expected || !java.util.Arrays.equals(serde.serialize(target), bytes)) {
            throw new IllegalStateException("serde round trip failed or size " + bytes.length + " != " + expected);
        }
        json = new ScoreJson();
        score = new ScoreRecord();
        score.ts = state.lastTs;
        score.value = 71.3;
        score.expected = 70.93177;
        score.lower = 68.02544;
        score.upper = 73.83811;
        score.surprisal = 1.3264;
        score.score = 0.41735;
        score.model = "generic-gru32-s42";
        System.out.println("serialized state: " + bytes.length + " bytes (H=" + hidden + ", K=" + history + "); score record: "
                + json.write("plant07/pump000042/temp", score).length + " bytes");
    }

    @Benchmark
    public byte[] serialize() {
        return serde.serialize(state);
    }

    @Benchmark
    public byte[] scoreJson() {
        return json.write("plant07/pump000042/temp", score);
    }

    @Benchmark
    public SeriesState readInto() {
        serde.readInto(bytes, target);
        return target;
    }
}
