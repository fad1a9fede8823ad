package io.surprisal.stream;

import java.util.Arrays;

/**
 * The byte array a hand-written record writer fills: reused from record to record and grown when one
 * needs more, so that the only allocation per record is the copy handed to Kafka ({@link #copy()}).
 */
abstract class ReusedBuffer {
    protected byte[] buf;
    protected int len;

    ReusedBuffer(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    protected final void append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Makes room for {@code more} bytes after the {@code len} written. */
    protected final void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    /** The record written so far, as an array of its own. */
    protected final byte[] copy() {
        return Arrays.copyOf(buf, len);
    }
}
