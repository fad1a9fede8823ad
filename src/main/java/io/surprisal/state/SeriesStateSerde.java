package io.surprisal.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Compact binary form of {@link SeriesState}, big-endian, first byte = format version:
 *
 * <pre>
 * u8  version (1)          i32 modelId      i64 lastTs        i32 count       f32 lastValue
 * f64 mean                 f32 variance     f32 logInterval   f32 predMean    f32 predLogStd
 * f32 shortSurprisal       f32 longMean     f32 longVariance  u8 flags (1 = lastRed, 2 = has c)
 * u16 hidden               f32[hidden] h    (f32[hidden] c when flag 2)
 * u16 history capacity     u16 history size i16[size] history, oldest first
 * </pre>
 *
 * 64 bytes of header and scalars + 4H (+4H for LSTM) + 2K: 320 bytes at H = 32, K = 64.
 */
public final class SeriesStateSerde {
    public static final byte VERSION = 1;
    static final int FIXED_BYTES = 1 + 4 + 8 + 4 + 4 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 1 + 2 + 2 + 2;
    private static final int MAX_HIDDEN = 1024;

    private short[] historyBuffer = new short[0];

    /** Bytes of a state with a full history, for a model of this shape. */
    public static int maxSize(int hidden, boolean cellState, int historyCapacity) {
        return FIXED_BYTES + 4 * hidden * (cellState ? 2 : 1) + 2 * historyCapacity;
    }

    public static int size(SeriesState s) {
        return FIXED_BYTES + 4 * (s.h().length + s.c().length) + 2 * s.historySize();
    }

    /** The newest timestamp of a stored state without reading the rest (for idle expiry scans). */
    public static long lastTs(byte[] bytes) {
        if (bytes == null || bytes.length < FIXED_BYTES || bytes[0] != VERSION) {
            throw new CorruptStateException("not a version-" + VERSION + " series state");
        }
        return ByteBuffer.wrap(bytes, 5, 8).getLong();
    }

    public byte[] serialize(SeriesState s) {
        // Plain big-endian stores: the same bytes as ByteBuffer puts, without the wrapper object,
        // which escape analysis did not remove here (JMH SerdeBench: 392 instead of 336 B per
        // call, same time). readInto keeps its ByteBuffer: with EA it allocates nothing and its
        // getInt/getFloat are single loads, faster than assembling bytes (55 vs 80 ns).
        byte[] out = new byte[size(s)];
        out[0] = VERSION;
        putInt(out, 1, s.modelId);
        putLong(out, 5, s.lastTs);
        putInt(out, 13, s.count);
        putFloat(out, 17, s.lastValue);
        putLong(out, 21, Double.doubleToRawLongBits(s.mean));
        putFloat(out, 29, s.variance);
        putFloat(out, 33, s.logInterval);
        putFloat(out, 37, s.predMean);
        putFloat(out, 41, s.predLogStd);
        putFloat(out, 45, s.shortSurprisal);
        putFloat(out, 49, s.longMean);
        putFloat(out, 53, s.longVariance);
        out[57] = (byte) ((s.lastRed ? 1 : 0) | (s.c().length > 0 ? 2 : 0));
        float[] h = s.h();
        putShort(out, 58, h.length);
        int at = 60;
        for (float v : h) {
            putFloat(out, at, v);
            at += 4;
        }
        for (float v : s.c()) {
            putFloat(out, at, v);
            at += 4;
        }
        putShort(out, at, s.historyCapacity());
        putShort(out, at + 2, s.historySize());
        at += 4;
        for (int i = 0; i < s.historySize(); i++) {
            putShort(out, at, s.historyAt(i));
            at += 2;
        }
        return out;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putFloat(byte[] b, int at, float v) {
        putInt(b, at, Float.floatToRawIntBits(v));
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    public SeriesState deserialize(byte[] bytes) {
        SeriesState s = new SeriesState(0, false, 0);
        readInto(bytes, s);
        return s;
    }

    /** Overwrites {@code s} with the stored state, reusing its buffers when the shapes match. */
    public void readInto(byte[] bytes, SeriesState s) {
        if (bytes == null || bytes.length == 0) {
            throw new CorruptStateException("series state is empty");
        }
        if (bytes[0] != VERSION) {
            throw new CorruptStateException("unknown series state format version " + bytes[0] + " (this code reads " + VERSION + ")");
        }
        if (bytes.length < FIXED_BYTES) {
            throw new CorruptStateException("series state truncated: " + bytes.length + " bytes, at least " + FIXED_BYTES + " needed");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            b.get();
            int modelId = b.getInt();
            long lastTs = b.getLong();
            int count = b.getInt();
            float lastValue = b.getFloat();
            double mean = b.getDouble();
            float variance = b.getFloat();
            float logInterval = b.getFloat();
            float predMean = b.getFloat();
            float predLogStd = b.getFloat();
            float shortSurprisal = b.getFloat();
            float longMean = b.getFloat();
            float longVariance = b.getFloat();
            int flags = b.get();
            int hidden = Short.toUnsignedInt(b.getShort());
            if ((flags & ~3) != 0 || hidden > MAX_HIDDEN || count < 0) {
                throw new CorruptStateException("series state is garbage: flags=" + flags + " hidden=" + hidden + " count=" + count);
            }
            boolean cellState = (flags & 2) != 0;
            int expectedMin = FIXED_BYTES + 4 * hidden * (cellState ? 2 : 1);
            if (bytes.length < expectedMin) {
                throw new CorruptStateException("series state truncated: " + bytes.length + " bytes, hidden=" + hidden
                        + " needs at least " + expectedMin);
            }
            s.restoreShape(hidden, cellState);
            float[] h = s.h();
            for (int i = 0; i < hidden; i++) {
                h[i] = b.getFloat();
            }
            float[] c = s.c();
            for (int i = 0; i < c.length; i++) {
                c[i] = b.getFloat();
            }
            int capacity = Short.toUnsignedInt(b.getShort());
            int size = Short.toUnsignedInt(b.getShort());
            if (size > capacity) {
                throw new CorruptStateException("series state is garbage: history size " + size + " > capacity " + capacity);
            }
            if (b.remaining() != 2 * size) {
                throw new CorruptStateException("series state has " + b.remaining() + " history bytes, " + 2 * size
                        + " expected (truncated or trailing garbage)");
            }
            if (historyBuffer.length < size) {
                historyBuffer = new short[capacity];
            }
            for (int i = 0; i < size; i++) {
                historyBuffer[i] = b.getShort();
            }
            s.restoreHistory(historyBuffer, size, capacity);
            s.modelId = modelId;
            s.lastTs = lastTs;
            s.count = count;
            s.lastValue = lastValue;
            s.mean = mean;
            s.variance = variance;
            s.logInterval = logInterval;
            s.predMean = predMean;
            s.predLogStd = predLogStd;
            s.shortSurprisal = shortSurprisal;
            s.longMean = longMean;
            s.longVariance = longVariance;
            s.lastRed = (flags & 1) != 0;
        } catch (BufferUnderflowException e) {
            throw new CorruptStateException("series state truncated at byte " + b.position() + " of " + bytes.length);
        }
    }
}
