package io.surprisal.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Compact binary form of {@link SeriesState}, big-endian, first byte = format version:
 *
 * <pre>
 * u8  version (10)         i32 modelId      i64 lastTs        i32 count       f32 lastValue
 * f64 mean                 f32 variance     f32 logInterval   f32 predMean    f32 predLogStd
 * f32 shortSurprisal       f32 longMean     f32 longVariance  f32 lowest      f32 highest
 * f16[24] hourly          f16 visitPeak
 * u8 flags (1 = the previous point was red, 2 = has c, 4 = has daily profile, 8 = has period memory,
 *          16 = the daily profile has a weekend part, 32 = in a red episode, 64 = has a recent level,
 *          128 = has an input position)  u8 redRun
 * u16 hidden               f16[hidden] h    (f32[hidden] c when flag 2)
 * u16 history capacity     u16 history size i16[size] history, oldest first
 * when flag 4, the daily profile:
 * f64 level                f32[24] usual    f32[24] variance  u8[24] counts   u8[24] visits
 * f32 residualVariance     i32 updates      f32 shortSurprisal  f32 longMean  f32 longVariance
 * when flag 16, its weekend part:
 * f32[24] weekend          u8[24] weekendCounts
 * when flag 8, the period model's memory:
 * u8 capacity              u8 size          i16[size] block means, oldest first
 * u16 blockCount           f32 blockSum     f32 residualVariance  u8 redRun  f32 runPeak
 * f32 shapeMean            f32 shapeVariance
 * the repeats: u8 repeats  u8 longestRepeats  f16 repeatRate
 * when flag 32, the red episode: f32 lastFiredLogTail
 * when flag 64, the recent level: i32 points  f64 level  f32 variance  f32 shortSurprisal  f32 longMean  f32 longVariance
 * when flag 128, the input position: i32 partition  i64 offset
 * </pre>
 *
 * 123 bytes of header and scalars + 2H (+4H for LSTM) + 2K + 268 for the daily profile + 4 for the repeats: 587 bytes at
 * H = 32, K = 64, or 319 while the profile is empty (before a series' first 30 points, or with the
 * profile turned off); 120 more for the weekend part, from a series' first weekend point on. Every
 * byte counts: the state goes to the changelog with every point (see the README's benchmark). The hidden vector and the hourly baselines are stored at half precision,
 * which is exactly what the detector holds (see {@link SeriesState#roundHidden()}), so nothing is
 * lost; the daily profile is in the series' own units, so it stays at single precision. The
 * period model's memory costs 25 + 2 × (blocks in a period) bytes, 89 at the usual 32, and only for
 * a series served by a model that has a period model (one tuned to that series); a red episode, 4 while it lasts;
 * the recent level, 28 until the daily profile judges (a series' first three days or so); the input position, 12
 * under at-least-once only (see {@link SeriesState#inputPartition}).
 *
 * <p>Three formats are read: this one, format 9, which is this one without an input position (its series have
 * none until their next point), and format 8, which is format 9 without a recent level (its series learn one from
 * their next point if their daily profile does not judge yet). The formats before
 * those were never released, so they have no reader; a stored state of one reads as unreadable and its
 * series starts afresh (see the README's migration rule). A state of a newer format is refused, never
 * reset (SeriesStates).
 *
 * <p>Bytes are read and written through big-endian array views ({@link VarHandle}) at a cursor this
 * instance keeps, so neither direction allocates anything but the output array. Not thread-safe:
 * one instance per stream thread, like the state it fills.
 */
public final class SeriesStateSerde {
    public static final byte VERSION = 10;
    /** The previous format: this one without the input position, which it cannot flag. */
    static final byte VERSION_WITHOUT_POSITION = 9;
    /** The format before that: format 9 without the recent level, which it cannot flag either. */
    static final byte VERSION_WITHOUT_LEVEL = 8;
    static final int DAILY_BYTES = 8 + 10 * SeriesState.HOURS + 4 + 4 + 4 + 4 + 4;
    /** Header and scalars before the hidden state. */
    static final int FIXED_BYTES = 1 + 4 + 8 + 4 + 4 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 2 * SeriesState.HOURS + 2
            + 1 + 1 + 2 + 2 + 2;
    private static final int DAILY_FLAG = 4;
    private static final int SEASONAL_FLAG = 8;
    private static final int WEEKEND_FLAG = 16;
    private static final int RED_EPISODE_FLAG = 32;
    private static final int RECENT_LEVEL_FLAG = 64;
    private static final int INPUT_POSITION_FLAG = 128;
    /** The daily profile's weekend part: what each hour adds on a weekend, and its point counts. */
    public static final int WEEKEND_BYTES = 5 * SeriesState.HOURS;
    /** The run of exact repeats and their rate, at the end of the state. */
    static final int REPEAT_BYTES = 1 + 1 + 2;
    /** The log tail at which a red episode last fired, stored while the episode lasts. */
    static final int EPISODE_BYTES = 4;
    /** The recent level, stored until the daily profile judges. */
    static final int LEVEL_BYTES = 4 + 8 + 4 + 4 + 4 + 4;
    /** Where the newest point came from: partition and offset. */
    static final int POSITION_BYTES = 4 + 8;
    /** The period model's memory without its block means. */
    static final int SEASONAL_BYTES = 1 + 1 + 2 + 4 + 4 + 1 + 4 + 4 + 4;
    private static final int MAX_HIDDEN = 1024;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private short[] historyBuffer = new short[0];
    private short[] ringBuffer = new short[0];
    private final float[] hourlyBuffer = new float[SeriesState.HOURS];
    /** The array being read or written and the cursor in it. */
    private byte[] buf;
    private int pos;

    /**
     * Bytes of a state with a full history and a daily profile with its weekend part, for a model of this shape,
     * outside a red episode and without a period model (the usual largest state).
     */
    public static int maxSize(int hidden, boolean cellState, int historyCapacity) {
        return FIXED_BYTES + 2 * hidden + (cellState ? 4 * hidden : 0) + 2 * historyCapacity + DAILY_BYTES + WEEKEND_BYTES
                + REPEAT_BYTES;
    }

    public static int size(SeriesState s) {
        boolean hasDaily = !s.daily.isEmpty();
        return size(s, hasDaily, hasDaily && s.daily.hasWeekend());
    }

    private static int size(SeriesState s, boolean hasDaily, boolean hasWeekend) {
        return FIXED_BYTES + 2 * s.h().length + 4 * s.c().length + 2 * s.historySize() + (hasDaily ? DAILY_BYTES : 0)
                + (hasWeekend ? WEEKEND_BYTES : 0) + seasonalSize(s.seasonal) + REPEAT_BYTES
                + (s.inRedEpisode ? EPISODE_BYTES : 0) + (s.recent.inUse() ? LEVEL_BYTES : 0)
                + (hasPosition(s) ? POSITION_BYTES : 0);
    }

    private static boolean hasPosition(SeriesState s) {
        return s.inputPartition >= 0;
    }

    private static int seasonalSize(SeasonalState seasonal) {
        return seasonal.capacity() == 0 ? 0 : SEASONAL_BYTES + 2 * seasonal.size();
    }

    /** The newest timestamp of a stored state without reading the rest (for idle expiry scans). */
    public static long lastTs(byte[] bytes) {
        if (bytes == null || bytes.length < FIXED_BYTES || !readable(bytes[0])) {
            throw new CorruptStateException("not a version-" + VERSION + " (or " + VERSION_WITHOUT_POSITION + " or "
                    + VERSION_WITHOUT_LEVEL + ") series state");
        }
        return (long) LONG.get(bytes, 5);
    }

    public byte[] serialize(SeriesState s) {
        DailyProfile daily = s.daily;
        boolean hasDaily = !daily.isEmpty();
        boolean hasWeekend = hasDaily && daily.hasWeekend();
        byte[] out = new byte[size(s, hasDaily, hasWeekend)];
        buf = out;
        pos = 0;
        putByte(VERSION);
        putInt(s.modelId);
        putLong(s.lastTs);
        putInt(s.count);
        putFloat(s.lastValue);
        putDouble(s.mean);
        putFloat(s.variance);
        putFloat(s.logInterval);
        putFloat(s.predMean);
        putFloat(s.predLogStd);
        putFloat(s.surprisal.shortAverage);
        putFloat(s.surprisal.longMean);
        putFloat(s.surprisal.longVariance);
        putFloat(s.lowest);
        putFloat(s.highest);
        for (float v : s.hourly()) {
            putShort(Half.fromFloat(v));
        }
        putShort(Half.fromFloat(s.surprisal.visitPeak));
        boolean hasSeasonal = s.seasonal.capacity() > 0;
        putByte((byte) ((s.redRun > 0 ? 1 : 0) | (s.c().length > 0 ? 2 : 0) | (hasDaily ? DAILY_FLAG : 0)
                | (hasSeasonal ? SEASONAL_FLAG : 0) | (hasWeekend ? WEEKEND_FLAG : 0) | (s.inRedEpisode ? RED_EPISODE_FLAG : 0)
                | (s.recent.inUse() ? RECENT_LEVEL_FLAG : 0) | (hasPosition(s) ? INPUT_POSITION_FLAG : 0)));
        putByte((byte) s.redRun);
        float[] h = s.h();
        putShort((short) h.length);
        for (float v : h) {
            putShort(Half.fromFloat(v));
        }
        for (float v : s.c()) {
            putFloat(v);
        }
        putShort((short) s.historyCapacity());
        putShort((short) s.historySize());
        for (int i = 0; i < s.historySize(); i++) {
            putShort(s.historyAt(i));
        }
        if (hasDaily) {
            writeDaily(daily);
        }
        if (hasWeekend) {
            writeWeekend(daily);
        }
        if (hasSeasonal) {
            writeSeasonal(s.seasonal);
        }
        putByte((byte) s.repeats);
        putByte((byte) s.longestRepeats);
        putShort(Half.fromFloat(s.repeatRate));
        if (s.inRedEpisode) {
            putFloat(s.lastFiredLogTail);
        }
        if (s.recent.inUse()) {
            writeRecentLevel(s.recent);
        }
        if (hasPosition(s)) {
            putInt(s.inputPartition);
            putLong(s.inputOffset);
        }
        buf = null;
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
        if (!readable(bytes[0])) {
            throw new CorruptStateException("series state format " + bytes[0] + " is not format " + VERSION + " (or "
                    + VERSION_WITHOUT_POSITION + " or " + VERSION_WITHOUT_LEVEL + ")" + (bytes[0] < VERSION && bytes[0] > 0
                    ? " (an earlier format, from before the first release: no reader)" : ""));
        }
        if (bytes.length < FIXED_BYTES) {
            throw new CorruptStateException("series state truncated: " + bytes.length + " bytes, at least " + FIXED_BYTES + " needed");
        }
        buf = bytes;
        pos = 1;
        try {
            int modelId = getInt();
            long lastTs = getLong();
            int count = getInt();
            float lastValue = getFloat();
            double mean = getDouble();
            float variance = getFloat();
            float logInterval = getFloat();
            float predMean = getFloat();
            float predLogStd = getFloat();
            float shortSurprisal = getFloat();
            float longMean = getFloat();
            float longVariance = getFloat();
            float lowest = getFloat();
            float highest = getFloat();
            float[] hourly = hourlyBuffer;
            for (int i = 0; i < hourly.length; i++) {
                hourly[i] = finite(Half.toFloat(getShort()), "hourly baseline ", i);
            }
            float visitPeak = finite(Half.toFloat(getShort()), "visit peak");
            int flags = Byte.toUnsignedInt(getByte());
            int redRun = Byte.toUnsignedInt(getByte());
            int hidden = Short.toUnsignedInt(getShort());
            int knownFlags = 3 | DAILY_FLAG | SEASONAL_FLAG | WEEKEND_FLAG | RED_EPISODE_FLAG
                    | (bytes[0] != VERSION_WITHOUT_LEVEL ? RECENT_LEVEL_FLAG : 0) | (bytes[0] == VERSION ? INPUT_POSITION_FLAG : 0);
            boolean hasDaily = (flags & DAILY_FLAG) != 0;
            boolean hasWeekend = (flags & WEEKEND_FLAG) != 0;
            boolean inRedEpisode = (flags & RED_EPISODE_FLAG) != 0;
            boolean hasLevel = (flags & RECENT_LEVEL_FLAG) != 0;
            boolean hasPosition = (flags & INPUT_POSITION_FLAG) != 0;
            if ((flags & ~knownFlags) != 0 || (hasWeekend && !hasDaily) || hidden > MAX_HIDDEN || count < 0
                    || (redRun > 0) != ((flags & 1) != 0) || (redRun > 0 && !inRedEpisode)) {
                throw new CorruptStateException("series state is garbage: flags=" + flags + " hidden=" + hidden + " count=" + count);
            }
            boolean cellState = (flags & 2) != 0;
            int expectedMin = FIXED_BYTES + hidden * (2 + (cellState ? 4 : 0));
            if (bytes.length < expectedMin) {
                throw new CorruptStateException("series state truncated: " + bytes.length + " bytes, hidden=" + hidden
                        + " needs at least " + expectedMin);
            }
            s.restoreShape(hidden, cellState);
            float[] h = s.h();
            for (int i = 0; i < hidden; i++) {
                h[i] = finite(Half.toFloat(getShort()), "hidden value ", i);
            }
            float[] c = s.c();
            for (int i = 0; i < c.length; i++) {
                c[i] = getFloat();
            }
            int capacity = Short.toUnsignedInt(getShort());
            int size = Short.toUnsignedInt(getShort());
            if (size > capacity) {
                throw new CorruptStateException("series state is garbage: history size " + size + " > capacity " + capacity);
            }
            boolean hasSeasonal = (flags & SEASONAL_FLAG) != 0;
            int dailyBytes = (hasDaily ? DAILY_BYTES : 0) + (hasWeekend ? WEEKEND_BYTES : 0);
            int seasonalBlocks = 0;
            if (hasSeasonal) {
                int at = pos + 2 * size + dailyBytes + 1;
                seasonalBlocks = at < bytes.length ? Byte.toUnsignedInt(bytes[at]) : 0;
            }
            int rest = 2 * size + dailyBytes + (hasSeasonal ? SEASONAL_BYTES + 2 * seasonalBlocks : 0) + REPEAT_BYTES
                    + (inRedEpisode ? EPISODE_BYTES : 0) + (hasLevel ? LEVEL_BYTES : 0) + (hasPosition ? POSITION_BYTES : 0);
            if (bytes.length - pos != rest) {
                throw new CorruptStateException("series state has " + (bytes.length - pos) + " bytes after the hidden state, "
                        + rest + " expected (truncated or trailing garbage)");
            }
            if (historyBuffer.length < size) {
                historyBuffer = new short[capacity];
            }
            for (int i = 0; i < size; i++) {
                historyBuffer[i] = getShort();
            }
            DailyProfile daily = s.daily;
            daily.clear();
            if (hasDaily) {
                readDaily(daily);
            }
            if (hasWeekend) {
                readWeekend(daily);
            }
            if (hasSeasonal) {
                readSeasonal(s.seasonal);
            } else {
                s.seasonal.reshape(0);
            }
            int repeats = Byte.toUnsignedInt(getByte());
            int longestRepeats = Byte.toUnsignedInt(getByte());
            float repeatRate = Half.toFloat(getShort());
            if (!(repeatRate >= 0 && repeatRate <= 1)) {
                throw new CorruptStateException("series state is garbage: repeat rate is " + repeatRate);
            }
            float lastFiredLogTail = inRedEpisode ? finite(getFloat(), "the red episode's last firing") : 0;
            if (lastFiredLogTail > 0) {
                throw new CorruptStateException("series state is garbage: the red episode last fired at log tail " + lastFiredLogTail);
            }
            s.recent.clear();
            if (hasLevel) {
                readRecentLevel(s.recent);
            }
            int inputPartition = hasPosition ? getInt() : -1;
            long inputOffset = hasPosition ? getLong() : -1;
            if (hasPosition && (inputPartition < 0 || inputOffset < 0)) {
                throw new CorruptStateException("series state is garbage: input position " + inputPartition + "@" + inputOffset);
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
            s.surprisal.visitPeak = visitPeak;
            s.lowest = lowest;
            s.highest = highest;
            System.arraycopy(hourly, 0, s.hourly(), 0, hourly.length);
            s.redRun = redRun;
            s.inRedEpisode = inRedEpisode;
            s.lastFiredLogTail = lastFiredLogTail;
            s.repeats = repeats;
            s.longestRepeats = longestRepeats;
            s.repeatRate = repeatRate;
            s.inputPartition = inputPartition;
            s.inputOffset = inputOffset;
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptStateException("series state truncated at byte " + pos + " of " + bytes.length);
        } finally {
            buf = null;
        }
    }

    private void writeDaily(DailyProfile daily) {
        putDouble(daily.level);
        for (float v : daily.usual) {
            putFloat(v);
        }
        for (float v : daily.variance) {
            putFloat(v);
        }
        for (short count : daily.counts) {
            putByte((byte) count);
        }
        for (short visits : daily.visits) {
            putByte((byte) visits);
        }
        putFloat(daily.residualVariance);
        putInt(daily.updates);
        writeStats(daily.surprisal);
    }

    private void writeRecentLevel(RecentLevel recent) {
        putInt(recent.points);
        putDouble(recent.level);
        putFloat(recent.variance);
        writeStats(recent.surprisal);
    }

    /** A likelihood's statistics beside the point's own (no visit peak: those likelihoods keep no hourly baselines). */
    private void writeStats(SurprisalStats stats) {
        putFloat(stats.shortAverage);
        putFloat(stats.longMean);
        putFloat(stats.longVariance);
    }

    private void readStats(SurprisalStats stats, String of) {
        stats.shortAverage = finite(getFloat(), of, " short surprisal");
        stats.longMean = finite(getFloat(), of, " long-run mean");
        stats.longVariance = finite(getFloat(), of, " long-run variance");
    }

    private void readRecentLevel(RecentLevel recent) {
        recent.points = getInt();
        recent.level = getDouble();
        recent.variance = finite(getFloat(), "recent level's variance");
        readStats(recent.surprisal, "recent level's");
        if (recent.points <= 0 || !Double.isFinite(recent.level) || recent.variance < 0 || recent.surprisal.longVariance < 0) {
            throw new CorruptStateException("series state is garbage: recent level points=" + recent.points + " level="
                    + recent.level + " variance=" + recent.variance + " long variance=" + recent.surprisal.longVariance);
        }
    }

    private static boolean readable(byte version) {
        return version == VERSION || version == VERSION_WITHOUT_POSITION || version == VERSION_WITHOUT_LEVEL;
    }

    private void writeWeekend(DailyProfile daily) {
        for (float v : daily.weekend) {
            putFloat(v);
        }
        for (short count : daily.weekendCounts) {
            putByte((byte) count);
        }
    }

    private void readWeekend(DailyProfile daily) {
        for (int i = 0; i < daily.weekend.length; i++) {
            daily.weekend[i] = finite(getFloat(), "daily weekend value");
        }
        for (int i = 0; i < daily.weekendCounts.length; i++) {
            daily.weekendCounts[i] = (short) Byte.toUnsignedInt(getByte());
        }
    }

    private void readDaily(DailyProfile daily) {
        daily.level = getDouble();
        if (!Double.isFinite(daily.level)) {
            throw new CorruptStateException("series state is garbage: daily level is " + daily.level);
        }
        for (int i = 0; i < daily.usual.length; i++) {
            daily.usual[i] = finite(getFloat(), "daily usual value");
        }
        for (int i = 0; i < daily.variance.length; i++) {
            daily.variance[i] = finite(getFloat(), "daily variance");
            if (daily.variance[i] < 0) {
                throw new CorruptStateException("series state is garbage: daily variance " + i + " is " + daily.variance[i]);
            }
        }
        for (int i = 0; i < daily.counts.length; i++) {
            daily.counts[i] = (short) Byte.toUnsignedInt(getByte());
        }
        for (int i = 0; i < daily.visits.length; i++) {
            daily.visits[i] = (short) Byte.toUnsignedInt(getByte());
        }
        daily.residualVariance = finite(getFloat(), "daily residual variance");
        daily.updates = getInt();
        readStats(daily.surprisal, "daily");
        if (daily.updates < 0 || daily.residualVariance < 0 || daily.surprisal.longVariance < 0) {
            throw new CorruptStateException("series state is garbage: daily updates=" + daily.updates + " residual variance="
                    + daily.residualVariance + " long variance=" + daily.surprisal.longVariance);
        }
    }

    private void writeSeasonal(SeasonalState seasonal) {
        putByte((byte) seasonal.capacity());
        putByte((byte) seasonal.size());
        for (int i = 0; i < seasonal.size(); i++) {
            putShort(seasonal.at(i));
        }
        putShort((short) seasonal.blockCount);
        putFloat(seasonal.blockSum);
        putFloat(seasonal.residualVariance);
        putByte((byte) seasonal.redRun);
        putFloat(seasonal.runPeak);
        putFloat(seasonal.shapeMean);
        putFloat(seasonal.shapeVariance);
    }

    private void readSeasonal(SeasonalState seasonal) {
        int capacity = Byte.toUnsignedInt(getByte());
        int size = Byte.toUnsignedInt(getByte());
        if (capacity == 0 || capacity > SeasonalState.MAX_CAPACITY || size > capacity) {
            throw new CorruptStateException("series state is garbage: period memory of " + size + " blocks in " + capacity);
        }
        if (ringBuffer.length < size) {
            ringBuffer = new short[SeasonalState.MAX_CAPACITY];
        }
        for (int i = 0; i < size; i++) {
            ringBuffer[i] = getShort();
        }
        seasonal.restore(ringBuffer, size, capacity);
        seasonal.blockCount = Short.toUnsignedInt(getShort());
        seasonal.blockSum = finite(getFloat(), "period block sum");
        seasonal.residualVariance = finite(getFloat(), "period residual variance");
        seasonal.redRun = Byte.toUnsignedInt(getByte());
        seasonal.runPeak = finite(getFloat(), "period run peak");
        seasonal.shapeMean = finite(getFloat(), "period shape distance mean");
        seasonal.shapeVariance = finite(getFloat(), "period shape distance variance");
        if (seasonal.residualVariance < 0 || seasonal.blockCount > Short.MAX_VALUE || seasonal.runPeak > 0 || seasonal.shapeVariance < 0) {
            throw new CorruptStateException("series state is garbage: period residual variance="
                    + seasonal.residualVariance + " block count=" + seasonal.blockCount);
        }
    }

    /** As {@link #finite(float, String)} for element {@code i}: the message is built only when it is needed. */
    private static float finite(float v, String what, int i) {
        if (!Float.isFinite(v)) {
            throw new CorruptStateException("series state is garbage: " + what + i + " is " + v);
        }
        return v;
    }

    /** As {@link #finite(float, String)} for {@code what} of {@code of}: the message is built only when it is needed. */
    private static float finite(float v, String of, String what) {
        if (!Float.isFinite(v)) {
            throw new CorruptStateException("series state is garbage: " + of + what + " is " + v);
        }
        return v;
    }

    private static float finite(float v, String what) {
        return finite(v, what, "");
    }

    private void putByte(byte v) {
        buf[pos++] = v;
    }

    private void putShort(short v) {
        SHORT.set(buf, pos, v);
        pos += 2;
    }

    private void putInt(int v) {
        INT.set(buf, pos, v);
        pos += 4;
    }

    private void putLong(long v) {
        LONG.set(buf, pos, v);
        pos += 8;
    }

    private void putFloat(float v) {
        FLOAT.set(buf, pos, v);
        pos += 4;
    }

    private void putDouble(double v) {
        DOUBLE.set(buf, pos, v);
        pos += 8;
    }

    private byte getByte() {
        return buf[pos++];
    }

    private short getShort() {
        short v = (short) SHORT.get(buf, pos);
        pos += 2;
        return v;
    }

    private int getInt() {
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    private long getLong() {
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    private float getFloat() {
        float v = (float) FLOAT.get(buf, pos);
        pos += 4;
        return v;
    }

    private double getDouble() {
        double v = (double) DOUBLE.get(buf, pos);
        pos += 8;
        return v;
    }
}
