package io.surprisal.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Compact binary form of {@link SeriesState}, big-endian, first byte = format version:
 *
 * <pre>
 * u8  version (3)          i32 modelId      i64 lastTs        i32 count       f32 lastValue
 * f64 mean                 f32 variance     f32 logInterval   f32 predMean    f32 predLogStd
 * f32 shortSurprisal       f32 longMean     f32 longVariance  f32 lowest      f32 highest
 * f16[24] hourly
 * f32[24] daily usual      u8[24] daily counts                f32 daily residualVariance
 * i32 daily updates        f32 daily shortSurprisal           f32 daily longMean  f32 daily longVariance
 * u8 flags (1 = lastRed, 2 = has c, 4 = daily lastRed)        u16 hidden      f16[hidden] h   (f32[hidden] c when flag 2)
 * u16 history capacity     u16 history size i16[size] history, oldest first
 * </pre>
 *
 * 260 bytes of header and scalars + 2H (+4H for LSTM) + 2K: 452 bytes at H = 32, K = 64. The hidden
 * vector and the hourly baselines are stored at half precision, which is exactly what the detector
 * holds (see {@link SeriesState#roundHidden()}), so nothing is lost; the daily profile is in the
 * series' own units, so it stays at single precision. Older formats are still read: version 2 (no
 * daily profile) starts its profile empty, as for a new series; version 1 (f32 h, no range, no hourly
 * baselines) also has its h rounded, its baselines start at 0 (which never lowers a score), and its
 * range is unknown (±Float.MAX_VALUE), so no new extreme is ever flagged for a series carried over
 * from version 1.
 */
public final class SeriesStateSerde {
    public static final byte VERSION = 3;
    static final byte VERSION_2 = 2;
    static final byte VERSION_1 = 1;
    static final int DAILY_BYTES = 5 * SeriesState.HOURS + 4 + 4 + 4 + 4 + 4;
    static final int FIXED_BYTES = 1 + 4 + 8 + 4 + 4 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 2 * SeriesState.HOURS
            + DAILY_BYTES + 1 + 2 + 2 + 2;
    private static final int FIXED_BYTES_2 = FIXED_BYTES - DAILY_BYTES;
    private static final int FIXED_BYTES_1 = FIXED_BYTES_2 - 8 - 2 * SeriesState.HOURS;
    private static final int MAX_HIDDEN = 1024;

    private short[] historyBuffer = new short[0];
    private final float[] hourlyBuffer = new float[SeriesState.HOURS];

    /** Bytes of a state with a full history, for a model of this shape. */
    public static int maxSize(int hidden, boolean cellState, int historyCapacity) {
        return FIXED_BYTES + 2 * hidden + (cellState ? 4 * hidden : 0) + 2 * historyCapacity;
    }

    public static int size(SeriesState s) {
        return FIXED_BYTES + 2 * s.h().length + 4 * s.c().length + 2 * s.historySize();
    }

    /** The newest timestamp of a stored state without reading the rest (for idle expiry scans). */
    public static long lastTs(byte[] bytes) {
        if (bytes == null || bytes.length < FIXED_BYTES_1 || !readable(bytes[0])) {
            throw new CorruptStateException("not a version-" + VERSION + " series state");
        }
        return ByteBuffer.wrap(bytes, 5, 8).getLong();
    }

    public byte[] serialize(SeriesState s) {
        byte[] out = new byte[size(s)];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put(VERSION);
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
        b.putFloat(s.lowest);
        b.putFloat(s.highest);
        for (float v : s.hourly()) {
            b.putShort(Half.fromFloat(v));
        }
        DailyProfile daily = s.daily;
        for (float v : daily.usual) {
            b.putFloat(v);
        }
        for (short count : daily.counts) {
            b.put((byte) count);
        }
        b.putFloat(daily.residualVariance);
        b.putInt(daily.updates);
        b.putFloat(daily.surprisal.shortAverage);
        b.putFloat(daily.surprisal.longMean);
        b.putFloat(daily.surprisal.longVariance);
        b.put((byte) ((s.surprisal.lastRed ? 1 : 0) | (s.c().length > 0 ? 2 : 0) | (daily.surprisal.lastRed ? 4 : 0)));
        float[] h = s.h();
        b.putShort((short) h.length);
        for (float v : h) {
            b.putShort(Half.fromFloat(v));
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
        final byte version = bytes[0];
        if (!readable(version)) {
            throw new CorruptStateException("unknown series state format version " + version + " (this code reads "
                    + VERSION_1 + " to " + VERSION + ")");
        }
        final boolean v1 = version == VERSION_1;
        final boolean hasDaily = version == VERSION;
        final int fixed = v1 ? FIXED_BYTES_1 : hasDaily ? FIXED_BYTES : FIXED_BYTES_2;
        final int hBytes = v1 ? 4 : 2;
        if (bytes.length < fixed) {
            throw new CorruptStateException("series state truncated: " + bytes.length + " bytes, at least " + fixed + " needed");
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
            float lowest = v1 ? -Float.MAX_VALUE : b.getFloat();
            float highest = v1 ? Float.MAX_VALUE : b.getFloat();
            float[] hourly = hourlyBuffer;
            for (int i = 0; i < hourly.length; i++) {
                float v = v1 ? 0f : Half.toFloat(b.getShort());
                if (!Float.isFinite(v)) {
                    throw new CorruptStateException("series state is garbage: hourly baseline " + i + " is " + v);
                }
                hourly[i] = v;
            }
            DailyProfile daily = s.daily;
            daily.clear();
            if (hasDaily) {
                readDaily(b, daily);
            }
            int flags = b.get();
            int hidden = Short.toUnsignedInt(b.getShort());
            if ((flags & ~(hasDaily ? 7 : 3)) != 0 || hidden > MAX_HIDDEN || count < 0) {
                throw new CorruptStateException("series state is garbage: flags=" + flags + " hidden=" + hidden + " count=" + count);
            }
            boolean cellState = (flags & 2) != 0;
            int expectedMin = fixed + hidden * (hBytes + (cellState ? 4 : 0));
            if (bytes.length < expectedMin) {
                throw new CorruptStateException("series state truncated: " + bytes.length + " bytes, hidden=" + hidden
                        + " needs at least " + expectedMin);
            }
            s.restoreShape(hidden, cellState);
            float[] h = s.h();
            for (int i = 0; i < hidden; i++) {
                float v = v1 ? Half.round(b.getFloat()) : Half.toFloat(b.getShort());
                if (!Float.isFinite(v)) {
                    throw new CorruptStateException("series state is garbage: hidden value " + i + " is " + v);
                }
                h[i] = v;
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
            s.surprisal.shortAverage = shortSurprisal;
            s.surprisal.longMean = longMean;
            s.surprisal.longVariance = longVariance;
            s.lowest = lowest;
            s.highest = highest;
            System.arraycopy(hourly, 0, s.hourly(), 0, hourly.length);
            s.surprisal.lastRed = (flags & 1) != 0;
            daily.surprisal.lastRed = (flags & 4) != 0;
        } catch (BufferUnderflowException e) {
            throw new CorruptStateException("series state truncated at byte " + b.position() + " of " + bytes.length);
        }
    }

    private static boolean readable(byte version) {
        return version == VERSION || version == VERSION_2 || version == VERSION_1;
    }

    private static void readDaily(ByteBuffer b, DailyProfile daily) {
        for (int i = 0; i < daily.usual.length; i++) {
            daily.usual[i] = finite(b.getFloat(), "daily usual value");
        }
        for (int i = 0; i < daily.counts.length; i++) {
            daily.counts[i] = (short) Byte.toUnsignedInt(b.get());
        }
        daily.residualVariance = finite(b.getFloat(), "daily residual variance");
        daily.updates = b.getInt();
        daily.surprisal.shortAverage = finite(b.getFloat(), "daily short surprisal");
        daily.surprisal.longMean = finite(b.getFloat(), "daily long-run mean");
        daily.surprisal.longVariance = finite(b.getFloat(), "daily long-run variance");
        if (daily.updates < 0 || daily.residualVariance < 0 || daily.surprisal.longVariance < 0) {
            throw new CorruptStateException("series state is garbage: daily updates=" + daily.updates + " residual variance="
                    + daily.residualVariance + " long variance=" + daily.surprisal.longVariance);
        }
    }

    private static float finite(float v, String what) {
        if (!Float.isFinite(v)) {
            throw new CorruptStateException("series state is garbage: " + what + " is " + v);
        }
        return v;
    }
}
