package io.surprisal.stream;

import java.math.BigInteger;

/**
 * The shortest decimal that reads back as the same double, written as ASCII into a caller's buffer in
 * {@link Double#toString}'s format ({@code 70.25}, {@code 0.001}, {@code 1.0E7}, {@code 4.9E-324}): the digits
 * Jackson's {@code NumberOutput.toString(double, true)} gives, without the String and the converter object it
 * makes for each number (six a score, a tenth of the detector's garbage a point).
 *
 * <p>The method is Giulietti's Schubfach ("The Schubfach way to render doubles", 2020): the double
 * {@code c·2^q} and the midpoints to its neighbours are scaled by a 126-bit approximation of {@code 10^-k},
 * rounded to odd, and the decimal of fewest digits inside the rounding interval is picked from the one or two
 * candidates the scaling leaves. The powers of ten and the floors of the logarithms it needs are computed here
 * with {@link BigInteger} when the class loads, not tabulated by hand. {@code ShortestDecimalTest} compares it
 * with Jackson's output on millions of doubles.
 */
final class ShortestDecimal {
    /** Characters the longest output takes: {@code -2.2250738585072014E-308}. */
    static final int MAX_CHARS = 24;

    private static final int Q_MIN = -1074;
    private static final int Q_MAX = 971;
    private static final long C_MIN = 1L << 52;
    /** Subnormals with a significand below this are scaled by ten first, so that the interval holds a decimal. */
    private static final long C_TINY = 3;
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = (1L << 63) - 1;
    /** Decimal digits at most: 17. */
    private static final int H = 17;

    /** floor(log10(2^q)) and floor(log10(3/4 · 2^q)) for q in [Q_MIN, Q_MAX]. */
    private static final int[] LOG10_POW2 = new int[Q_MAX - Q_MIN + 1];
    private static final int[] LOG10_THREE_QUARTERS_POW2 = new int[Q_MAX - Q_MIN + 1];
    /** floor(log2(10^e)) for e in [-K_MAX, -K_MIN]. */
    private static final int[] LOG2_POW10 = new int[K_MAX - K_MIN + 1];
    /** The high 63 and low 63 bits of g(k) = floor(10^-k · 2^(125 - floor(log2(10^-k)))) + 1, for k in [K_MIN, K_MAX]. */
    private static final long[] G1 = new long[K_MAX - K_MIN + 1];
    private static final long[] G0 = new long[K_MAX - K_MIN + 1];
    private static final long[] POW10 = new long[H + 1];
    /** 10^0 to 10^(−K_MIN + 1): every power the tables below need. */
    private static final BigInteger[] TENS = new BigInteger[-K_MIN + 2];

    static {
        TENS[0] = BigInteger.ONE;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1].multiply(BigInteger.TEN);
        }
        for (int q = Q_MIN; q <= Q_MAX; q++) {
            BigInteger two = BigInteger.ONE.shiftLeft(Math.abs(q));
            LOG10_POW2[q - Q_MIN] = q >= 0 ? floorLog10(two, BigInteger.ONE) : floorLog10(BigInteger.ONE, two);
            // 3/4 · 2^q = 3 · 2^(q - 2)
            BigInteger three = BigInteger.valueOf(3);
            LOG10_THREE_QUARTERS_POW2[q - Q_MIN] = q >= 2
                    ? floorLog10(three.shiftLeft(q - 2), BigInteger.ONE)
                    : floorLog10(three, BigInteger.ONE.shiftLeft(2 - q));
        }
        for (int e = -K_MAX; e <= -K_MIN; e++) {
            BigInteger ten = TENS[Math.abs(e)];
            // 10^e is a power of two only for e = 0, so for e < 0 the floor is -bitLength(10^-e).
            LOG2_POW10[e + K_MAX] = e >= 0 ? ten.bitLength() - 1 : -ten.bitLength();
        }
        for (int k = K_MIN; k <= K_MAX; k++) {
            int r = log2Pow10(-k) - 125; // 10^-k · 2^-r lies in [2^125, 2^126)
            BigInteger ten = TENS[Math.abs(k)];
            BigInteger g;
            if (k <= 0) { // 10^-k is an integer
                g = r >= 0 ? ten.shiftRight(r) : ten.shiftLeft(-r);
            } else {
                g = BigInteger.ONE.shiftLeft(-r).divide(ten);
            }
            g = g.add(BigInteger.ONE);
            G1[k - K_MIN] = g.shiftRight(63).longValueExact();
            G0[k - K_MIN] = g.longValue() & MASK_63;
        }
        POW10[0] = 1;
        for (int i = 1; i <= H; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private ShortestDecimal() {
    }

    /**
     * Writes finite {@code v} at {@code buf[at]} (at least {@value #MAX_CHARS} bytes free) and returns the index after
     * it.
     */
    static int write(double v, byte[] buf, int at) {
        long bits = Double.doubleToRawLongBits(v);
        if (bits < 0) {
            buf[at++] = '-';
        }
        long t = bits & (C_MIN - 1);
        int bq = (int) (bits >>> 52) & 0x7ff;
        if (bq == 0x7ff) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (bq != 0) {
            int q = bq - 1075;
            long c = C_MIN | t;
            if (0 < -q && -q < 53) { // an integer below 2^53 is its own shortest decimal
                long f = c >> -q;
                if (f << -q == c) {
                    return chars(f, 0, buf, at);
                }
            }
            return decimal(q, c, 0, buf, at);
        }
        if (t != 0) {
            return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, buf, at) : decimal(Q_MIN, t, 0, buf, at);
        }
        buf[at++] = '0';
        buf[at++] = '.';
        buf[at++] = '0';
        return at;
    }

    /** The shortest decimal in the rounding interval of {@code c·2^q}, times 10^dk, written out. */
    private static int decimal(int q, long c, int dk, byte[] buf, int at) {
        int out = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        // Between powers of two the neighbours are equally far; at one, the lower neighbour is half as far.
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = LOG10_POW2[q - Q_MIN];
        } else {
            cbl = cb - 1;
            k = LOG10_THREE_QUARTERS_POW2[q - Q_MIN];
        }
        int h = q + log2Pow10(-k) + 2;
        long g1 = G1[k - K_MIN];
        long g0 = G0[k - K_MIN];
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // A decimal with one digit fewer than s, when exactly one of the two around it is in the interval.
            long sp10 = 10 * (s / 10);
            long tp10 = sp10 + 10;
            boolean upIn = vbl + out <= sp10 << 2;
            boolean wpIn = (tp10 << 2) + out <= vbr;
            if (upIn != wpIn) {
                return chars(upIn ? sp10 : tp10, k, buf, at);
            }
        }
        long tt = s + 1;
        boolean uIn = vbl + out <= s << 2;
        boolean wIn = (tt << 2) + out <= vbr;
        if (uIn != wIn) {
            return chars(uIn ? s : tt, k + dk, buf, at);
        }
        // Both (or neither) in the interval: the closer to the double, the even one on a tie.
        long cmp = vb - ((s + tt) << 1);
        return chars(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : tt, k + dk, buf, at);
    }

    /** g·cp / 2^127 rounded to odd (its lowest bit set when anything below it was cut off). */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | ((z & MASK_63) + MASK_63) >>> 63;
    }

    /** Writes {@code f · 10^e} (f > 0) as Double.toString would. */
    private static int chars(long f, int e, byte[] buf, int at) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int n = digits(f);
        int exponent = e + n - 1; // of the first digit
        int first = at; // where the digits go, written right to left below
        if (exponent >= 0 && exponent < 7) {
            // ddd.ddd, or ddd00.0 when the digits end before the point
            if (n <= exponent + 1) {
                at = putDigits(f, n, buf, at);
                for (int i = n; i <= exponent; i++) {
                    buf[at++] = '0';
                }
                buf[at++] = '.';
                buf[at++] = '0';
                return at;
            }
            putDigits(f, n, buf, at + 1);
            System.arraycopy(buf, at + 1, buf, at, exponent + 1);
            buf[at + exponent + 1] = '.';
            return at + n + 1;
        }
        if (exponent < 0 && exponent >= -3) {
            buf[at++] = '0';
            buf[at++] = '.';
            for (int i = -1; i > exponent; i--) {
                buf[at++] = '0';
            }
            return putDigits(f, n, buf, at);
        }
        // d.dddE±x
        putDigits(f, n, buf, first + 1);
        buf[first] = buf[first + 1];
        buf[first + 1] = '.';
        at = first + n + 1;
        if (n == 1) {
            buf[at++] = '0';
        }
        buf[at++] = 'E';
        if (exponent < 0) {
            buf[at++] = '-';
            exponent = -exponent;
        }
        return putDigits(exponent, digits(exponent), buf, at);
    }

    /** Writes the {@code n} decimal digits of {@code f} at {@code at}; returns the index after them. */
    private static int putDigits(long f, int n, byte[] buf, int at) {
        for (int i = at + n - 1; i >= at; i--) {
            buf[i] = (byte) ('0' + f % 10);
            f /= 10;
        }
        return at + n;
    }

    private static int digits(long f) {
        int n = 1;
        while (n < POW10.length && f >= POW10[n]) {
            n++;
        }
        return n;
    }

    private static int log2Pow10(int e) {
        return LOG2_POW10[e + K_MAX];
    }

    /** floor(log10(num / den)) for positive integers. */
    private static int floorLog10(BigInteger num, BigInteger den) {
        // num / den lies between 2^(b - 1) and 2^(b + 1), b the difference of their lengths in bits.
        int estimate = (int) Math.floor((num.bitLength() - den.bitLength()) * 0.3010299956639812);
        for (int candidate = estimate + 2; ; candidate--) {
            boolean atMost = candidate >= 0 // is 10^candidate <= num / den?
                    ? TENS[candidate].multiply(den).compareTo(num) <= 0
                    : den.compareTo(num.multiply(TENS[-candidate])) <= 0;
            if (atMost) {
                return candidate;
            }
        }
    }
}
