package io.surprisal.state;

/**
 * IEEE 754 half precision (binary16) for the stored recurrent state: 11 significant bits, finite
 * range ±65504. Java 17 has no {@code Float.floatToFloat16}, hence this small codec. Conversions
 * round to nearest, ties to even; a value beyond the finite range saturates at ±65504 (the state
 * must stay finite), and every finite half value survives {@code toFloat} then {@code fromFloat}.
 */
public final class Half {
    /** Largest finite half value. */
    public static final float MAX = 65504f;

    private Half() {
    }

    /**
     * The half value nearest to {@code f} (finite input; NaN maps to 0). A normal half, the common case (every state
     * value the serde writes), is rounded in the float's own bits as {@link #round} does and then re-biased; zero,
     * subnormal halves, values beyond the finite range and NaN take the codec below.
     */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int magnitude = bits & 0x7FFFFFFF;
        if (isNormalHalf(magnitude)) {
            return (short) (((bits >>> 16) & 0x8000) | ((roundToNormalHalf(magnitude) >>> 13) - ((127 - 15) << 10)));
        }
        return codec(f);
    }

    /** {@link #fromFloat} for every input, case by case. */
    static short codec(float f) {
        if (Float.isNaN(f)) {
            return 0;
        }
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        float a = Math.min(Math.abs(f), MAX);
        int abits = Float.floatToRawIntBits(a);
        int exp = (abits >>> 23) - 127;
        if (exp < -14) {
            // Subnormal half (or zero): value = m * 2^-24, m in [0, 1023]; Math.rint rounds ties to even.
            int m = (int) Math.rint(a * 0x1p24f);
            return (short) (sign | m); // m == 1024 rounds up into the smallest normal, which is the same bit pattern
        }
        int mant = abits & 0x7FFFFF;
        int half = ((exp + 15) << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++; // a carry into the exponent is the correct rounding
        }
        return (short) (sign | half);
    }

    /** The float equal to the half value {@code h}. */
    public static float toFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // infinity or NaN
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /**
     * {@code f} rounded to half precision, as a float: {@code toFloat(fromFloat(f))}, bit for bit. The
     * detector rounds its hidden state after every step, so the common case (a normal half) is done in the
     * float's own bits: drop the 13 mantissa bits a half lacks, rounding to nearest, ties to even (a carry
     * into the exponent is the correct rounding). That took the rounding from a fifth of
     * {@code Detector.update} to a few per cent; zero, subnormal halves, values beyond the finite range
     * and NaN take the codec.
     */
    public static float round(float f) {
        int bits = Float.floatToRawIntBits(f);
        int magnitude = bits & 0x7FFFFFFF;
        if (isNormalHalf(magnitude)) {
            return Float.intBitsToFloat((bits & 0x80000000) | roundToNormalHalf(magnitude));
        }
        return toFloat(fromFloat(f));
    }

    /** Whether a float of these magnitude bits rounds to a normal half (and not beyond the finite range). */
    private static boolean isNormalHalf(int magnitude) {
        return magnitude >= SMALLEST_NORMAL_BITS && magnitude <= MAX_BITS;
    }

    /**
     * The magnitude bits, as a float's, of the normal half nearest to a float of {@code magnitude} bits: the 13
     * mantissa bits a half lacks dropped, rounding to nearest, ties to even (a carry into the exponent is the correct
     * rounding).
     */
    private static int roundToNormalHalf(int magnitude) {
        return (magnitude + 0x0FFF + ((magnitude >>> 13) & 1)) & 0x7FFFE000;
    }

    /** Bits of the smallest normal half, 2^-14, and of the largest finite one, as floats. */
    private static final int SMALLEST_NORMAL_BITS = Float.floatToRawIntBits(0x1p-14f);
    private static final int MAX_BITS = Float.floatToRawIntBits(MAX);
}
