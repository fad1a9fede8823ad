package io.surprisal.state;

import java.util.Arrays;

/**
 * What a series remembers for its period model ({@code io.surprisal.model.SeasonalModel}): the
 * block means of its last period, the block being filled, and how large the period model's errors
 * have lately been. Empty (capacity 0, stored as nothing) while the serving model has no
 * period model, so series watched by a model for many series pay nothing for it.
 *
 * <p>Block means are kept as 16-bit fixed point, like the recurrent model's input history
 * ({@link SeriesState#quantize}).
 */
public final class SeasonalState {
    /** Most block means a period can span in the stored form (one byte). */
    public static final int MAX_CAPACITY = 255;
    /** Sum of the normalised values of the block being filled. */
    public float blockSum;
    /** Points in the block being filled. */
    public int blockCount;
    /**
     * Mean square of the period model's recent errors (normalised units); 0 until the first
     * judgement, which starts it at the model's own residual variance.
     */
    public float residualVariance;
    /**
     * Mean and variance of the recent distances of periods to their nearest shape in the codebook; 0
     * until the first judgement, which starts them at the history's.
     */
    public float shapeMean;
    public float shapeVariance;
    /** Like {@link SeriesState#redRun}, for the period model's own judgement: its red runs fire once too. */
    public int redRun;
    /** The smallest log tail probability in the current red run (0 outside one): a worse block fires again. */
    public float runPeak;

    private short[] ring = new short[0];
    private int oldest;
    private int size;

    /** Block means one period spans; 0 while the serving model has no period model. */
    public int capacity() {
        return ring.length;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == ring.length && size > 0;
    }

    /** The ring of block means, read from {@link #oldest()} on (see SeasonalModel#predict). */
    public short[] ring() {
        return ring;
    }

    public int oldest() {
        return oldest;
    }

    /** The i-th oldest block mean (0 = oldest). */
    public short at(int i) {
        return ring[(oldest + i) % ring.length];
    }

    public void push(short q) {
        if (size < ring.length) {
            ring[(oldest + size) % ring.length] = q;
            size++;
        } else {
            ring[oldest] = q;
            oldest = (oldest + 1) % ring.length;
        }
    }

    /** Starts over for a period model of {@code lags} block means (0: none) unless it already has that shape. */
    public void reshape(int lags) {
        if (lags < 0 || lags > MAX_CAPACITY) {
            throw new IllegalArgumentException("a period spans 0 to " + MAX_CAPACITY + " blocks, not " + lags);
        }
        if (ring.length == lags) {
            return;
        }
        ring = new short[lags];
        clear();
    }

    public void clear() {
        blockSum = 0;
        blockCount = 0;
        residualVariance = 0;
        shapeMean = 0;
        shapeVariance = 0;
        redRun = 0;
        runPeak = 0;
        Arrays.fill(ring, (short) 0);
        oldest = 0;
        size = 0;
    }

    void restore(short[] chronological, int size, int capacity) {
        if (ring.length != capacity) {
            ring = new short[capacity];
        }
        System.arraycopy(chronological, 0, ring, 0, size);
        oldest = 0;
        this.size = size;
    }
}
