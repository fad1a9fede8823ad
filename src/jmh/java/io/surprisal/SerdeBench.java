package io.surprisal;

import io.surprisal.state.SeriesState;
import io.surprisal.state.SeriesStateSerde;
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
 * history of K = 64. {@code serialize} must allocate exactly its output array (320 bytes + the
 * 16-byte array header); {@code readInto} reuses the caller's state and allocates nothing.
 * {@code serializeByteBuffer} is the ByteBuffer version serialize replaced (commit d96e495), kept
 * as the same-run baseline; setup checks that both write the same bytes.
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
        for (int i = 0; i < hidden; i++) {
            state.h()[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
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
        if (!java.util.Arrays.equals(serializeWithByteBuffer(state), bytes)) {
            throw new IllegalStateException("serialize and the ByteBuffer baseline write different bytes");
        }
        System.out.println("serialized state: " + bytes.length + " bytes (H=" + hidden + ", K=" + history + ")");
    }

    @Benchmark
    public byte[] serialize() {
        return serde.serialize(state);
    }

    @Benchmark
    public byte[] serializeByteBuffer() {
        return serializeWithByteBuffer(state);
    }

    @Benchmark
    public SeriesState readInto() {
        serde.readInto(bytes, target);
        return target;
    }

    static byte[] serializeWithByteBuffer(SeriesState s) {
        byte[] out = new byte[SeriesStateSerde.size(s)];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out);
        b.put(SeriesStateSerde.VERSION);
        b.putInt(s.modelId);
        b.putLong(s.lastTs);
        b.putInt(s.count);
        b.putFloat(s.lastValue);
        b.putDouble(s.mean);
        b.putFloat(s.variance);
        b.putFloat(s.logInterval);
        b.putFloat(s.predMean);
        b.putFloat(s.predLogStd);
        b.putFloat(s.surprisal.shortAverage);
        b.putFloat(s.surprisal.longMean);
        b.putFloat(s.surprisal.longVariance);
        b.put((byte) ((s.surprisal.lastRed ? 1 : 0) | (s.c().length > 0 ? 2 : 0)));
        float[] h = s.h();
        b.putShort((short) h.length);
        for (float v : h) {
            b.putFloat(v);
        }
        for (float v : s.c()) {
            b.putFloat(v);
        }
        b.putShort((short) s.historyCapacity());
        b.putShort((short) s.historySize());
        for (int i = 0; i < s.historySize(); i++) {
            b.putShort(s.historyAt(i));
        }
        return out;
    }
}
