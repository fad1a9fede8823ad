package io.surprisal.state;

/**
 * Everything the detector remembers about one series between two of its points. Mutable and
 * reused: the stream processor reads each stored state into one instance, updates it and writes
 * it back, so the per-record path allocates no state objects.
 *
 * <p>The hidden vector is held at half precision ({@link Half}): the detector rounds it after every
 * step, so the compact stored form loses nothing and a state read back continues bit for bit.
 *
 * <p>The last {@link #historyCapacity()} normalised inputs are kept as 16-bit fixed point (step
 * {@link #HISTORY_SCALE}⁻¹, range ±10.9, enough for the clipped inputs): when a new model arrives
 * it replays them to rebuild its own hidden state, so a swap costs no warm-up.
 */
public final class SeriesState {
    /** Fixed-point scale of the stored history: z is stored as round(z * 3000). */
    public static final float HISTORY_SCALE = 3000f;

    /** Identity of the model whose hidden state {@link #h} holds; 0 before the first point. */
    public int modelId;
    /** Timestamp of the newest point (epoch ms). */
    public long lastTs;
    /** Points seen (saturates at Integer.MAX_VALUE). */
    public int count;
    /** The newest raw value, to tell an exact re-send from a new point. */
    public float lastValue;
    /** Online normaliser: decaying mean and variance of the raw values. */
    public double mean;
    public float variance;
    /** Decaying mean of log(seconds between points): the series' usual interval. */
    public float logInterval;
    /** The model's prediction for the next normalised value: mean and log standard deviation. */
    public float predMean;
    public float predLogStd;
    /** Anomaly likelihood statistics of the prediction errors' surprisal. */
    public final SurprisalStats surprisal = new SurprisalStats();
    /** The usual value at each hour of day and the likelihood statistics of deviations from it. */
    public final DailyProfile daily = new DailyProfile();
    /** The recent level a point is judged against until the daily profile is ready. */
    public final RecentLevel recent = new RecentLevel();
    /** What the period model, when the serving model has one, remembers of the series' last period. */
    public final SeasonalState seasonal = new SeasonalState();
    /**
     * Consecutive points, up to the previous one, whose tail probability was "red" (see
     * AnomalyLikelihood#fireOnce), saturating at {@link #MAX_RED_RUN}; 0 when the previous point was not red.
     */
    public int redRun;
    /**
     * Whether the series is in a red episode: from a red point until the first point whose tail
     * probability is above one half, the surprise died down (see AnomalyLikelihood#fireOnce). Its first
     * red point fires, and later ones only when far more surprising than the last that fired.
     */
    public boolean inRedEpisode;
    /** The natural log of the tail probability at which the current red episode last fired; 0 outside an episode. */
    public float lastFiredLogTail;
    public static final int MAX_RED_RUN = 255;
    /**
     * Where the newest point came from (its partition and offset in the points topic, as the parse stage read it), or
     * -1 for unknown: kept under at-least-once, where the state goes to the store as it changes and so, after a crash,
     * may already hold the points the next instance reads again (directly, or sent again through a repartition topic).
     * Such a point is known by its position, not mistaken for a late one.
     */
    public int inputPartition = -1;
    public long inputOffset = -1;
    /** Points in a row, up to this one, whose value repeated the one before exactly (saturating at {@link #MAX_RED_RUN}). */
    public int repeats;
    /** How often a value repeats the one before exactly, as a decaying share of points (half precision). */
    public float repeatRate;
    /** The longest run of exact repeats seen in normal times (saturating at {@link #MAX_RED_RUN}). */
    public int longestRepeats;
    /** The smallest and largest raw values seen (the range a new extreme is judged against). */
    public float lowest;
    public float highest;
    /** Hours in a day: one surprisal baseline per hour of day. */
    public static final int HOURS = 24;
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = HOURS * HOUR_MS;

    private float[] h;
    private float[] c;
    /** The usual short average of surprisal at each hour of day, at half precision (see AnomalyLikelihood). */
    private final float[] hourly = new float[HOURS];
    private short[] history;
    private int historyStart;
    private int historySize;

    public SeriesState(int hidden, boolean cellState, int historyCapacity) {
        this.h = new float[hidden];
        this.c = new float[cellState ? hidden : 0];
        this.history = new short[historyCapacity];
    }

    public float[] h() {
        return h;
    }

    /**
     * The hour of day of an epoch-millisecond time: the index of the hour-of-day baselines. Given an instant, the UTC
     * hour; given the scoring zone's wall-clock time ({@link LocalClock#local}), that zone's hour.
     */
    public static int hourOf(long ts) {
        return (int) Math.floorMod(Math.floorDiv(ts, HOUR_MS), (long) HOURS);
    }

    /** Whether an epoch-millisecond time falls on a Saturday or Sunday, of the clock it is read on (1970-01-01 was a Thursday). */
    public static boolean isWeekend(long ts) {
        long dayOfWeek = Math.floorMod(Math.floorDiv(ts, DAY_MS) + 3, 7L); // 0 = Monday
        return dayOfWeek >= 5;
    }

    /**
     * Whether a point at {@code ts} opens a new visit to its hour of day: a visit is a stretch of
     * points within one clock hour, and {@code previousTs} is the previous point's time
     * ({@code Long.MIN_VALUE} when there is none, which always opens one).
     */
    public static boolean opensVisit(long previousTs, long ts) {
        return previousTs == Long.MIN_VALUE || Math.floorDiv(previousTs, HOUR_MS) != Math.floorDiv(ts, HOUR_MS);
    }

    /** The hour-of-day baselines of surprisal; index = hour of day (UTC, or the scoring's time zone). */
    public float[] hourly() {
        return hourly;
    }

    /** Rounds the hidden vector to the half precision it is stored at. */
    public void roundHidden() {
        for (int i = 0; i < h.length; i++) {
            h[i] = Half.round(h[i]);
        }
    }

    /** The LSTM cell state; empty for other cells. */
    public float[] c() {
        return c;
    }

    public int historyCapacity() {
        return history.length;
    }

    public int historySize() {
        return historySize;
    }

    /** The i-th oldest stored input (0 = oldest). */
    public short historyAt(int i) {
        return history[(historyStart + i) % history.length];
    }

    public static short quantize(double z) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(z * HISTORY_SCALE)));
    }

    public static float dequantize(short q) {
        return q / HISTORY_SCALE;
    }

    public void pushHistory(short q) {
        if (history.length == 0) {
            return;
        }
        if (historySize < history.length) {
            history[(historyStart + historySize) % history.length] = q;
            historySize++;
        } else {
            history[historyStart] = q;
            historyStart = (historyStart + 1) % history.length;
        }
    }

    /** Makes room for a model of another shape; keeps everything but the recurrent state, which restarts at zero. */
    public void reshape(int hidden, boolean cellState) {
        if (h.length != hidden) {
            h = new float[hidden];
        } else {
            java.util.Arrays.fill(h, 0f);
        }
        int cl = cellState ? hidden : 0;
        if (c.length != cl) {
            c = new float[cl];
        } else {
            java.util.Arrays.fill(c, 0f);
        }
    }

    /**
     * Whether this state already holds the point {@code ts}, {@code value} read from {@code partition} at
     * {@code offset}: it comes from the partition of the newest point and is no newer than it (after the input topic
     * was recreated, offsets start again, and newer points are new), from an earlier record, or from the newest
     * point's own record and is that point. One record can hold several points of a series (a batch of lines, an OTLP
     * request): another point of the newest record that is older than the state is a late point, not one read again.
     */
    public boolean holdsInput(int partition, long offset, long ts, double value) {
        if (inputPartition != partition || ts > lastTs) {
            return false;
        }
        return offset < inputOffset || offset == inputOffset && ts == lastTs && (float) value == lastValue;
    }

    /** Records where the newest point came from. */
    public void inputAt(int partition, long offset) {
        inputPartition = partition;
        inputOffset = offset;
    }

    /** Resets to the state of a series never seen, keeping the buffers. */
    public void clear() {
        modelId = 0;
        lastTs = 0;
        count = 0;
        lastValue = 0;
        mean = 0;
        variance = 0;
        logInterval = 0;
        predMean = 0;
        predLogStd = 0;
        surprisal.clear();
        daily.clear();
        recent.clear();
        seasonal.clear();
        redRun = 0;
        inRedEpisode = false;
        lastFiredLogTail = 0;
        repeats = 0;
        repeatRate = 0;
        longestRepeats = 0;
        inputPartition = -1;
        inputOffset = -1;
        lowest = 0;
        highest = 0;
        java.util.Arrays.fill(hourly, 0f);
        java.util.Arrays.fill(h, 0f);
        java.util.Arrays.fill(c, 0f);
        historyStart = 0;
        historySize = 0;
    }

    void restoreHistory(short[] chronological, int size, int capacity) {
        if (history.length != capacity) {
            history = new short[capacity];
        }
        System.arraycopy(chronological, 0, history, 0, size);
        historyStart = 0;
        historySize = size;
    }

    void restoreShape(int hidden, boolean cellState) {
        if (h.length != hidden) {
            h = new float[hidden];
        }
        int cl = cellState ? hidden : 0;
        if (c.length != cl) {
            c = new float[cl];
        }
    }
}
