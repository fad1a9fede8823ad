package io.surprisal.stream;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * Decimal numbers read straight from record bytes, for the line formats: no String per number on
 * the common path. Text of up to 15 significant digits with a decimal exponent within ±22 is exact
 * as one multiplication or division of two exactly representable doubles (Clinger's fast path);
 * anything longer goes to Jackson's exact parser (FastDoubleParser, through {@link NumberInput}), which reads it as
 * {@link Double#parseDouble} would, after the syntax has been checked here, so
 * Java's extras ({@code 0x1p3}, {@code 1d}, {@code NaN}) are never accepted by accident.
 */
final class NumberText {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private NumberText() {
    }

    /**
     * The decimal number {@code [-+]digits[.digits][(e|E)[-+]digits]} in {@code b[from, to)}, or NaN
     * when the text is not one (a number that overflows is an infinity, not NaN).
     */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        boolean negative = from < to && b[from] == '-';
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        boolean digits = false;
        boolean slow = false;
        for (; i < to && isDigit(b[i]); i++) {
            digits = true;
            if (significant < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    significant++;
                }
            } else {
                slow = true;
            }
        }
        if (i < to && b[i] == '.') {
            i++;
            for (; i < to && isDigit(b[i]); i++) {
                digits = true;
                if (significant < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    exponent--;
                    if (mantissa != 0) {
                        significant++;
                    }
                } else {
                    slow = true;
                }
            }
        }
        if (!digits) {
            return Double.NaN;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                expNegative = b[i] == '-';
                i++;
            }
            int e = 0;
            boolean expDigits = false;
            for (; i < to && isDigit(b[i]); i++) {
                expDigits = true;
                e = Math.min(e * 10 + (b[i] - '0'), 100_000); // saturates: beyond ±100000 it is 0 or infinite anyway
            }
            if (!expDigits) {
                return Double.NaN;
            }
            exponent += expNegative ? -e : e;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (!slow && significant <= 15 && exponent >= -22 && exponent <= 22) {
            double v = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
            return negative ? -v : v;
        }
        // Sixteen or more significant digits (what a program prints for most doubles) or a larger exponent: Jackson's
        // FastDoubleParser reads the text exactly as Double.parseDouble does, without the String and the big-integer
        // arithmetic that allocate several hundred bytes a number there.
        char[] text = new char[to - from];
        for (int k = 0; k < text.length; k++) {
            text[k] = (char) b[from + k]; // sign included; the syntax is checked above
        }
        return NumberInput.parseDouble(text, 0, text.length, true);
    }

    /**
     * Whether {@code b[from, to)} spells NaN or an infinity the way Go, Prometheus and Java print them
     * ({@code NaN}, {@code +Inf}, {@code -inf}, {@code Infinity}): a number, but not one to score.
     */
    static boolean isNonFinite(byte[] b, int from, int to) {
        if (from < to && (b[from] == '-' || b[from] == '+')) {
            from++;
        }
        return equalsIgnoreCase(b, from, to, "nan") || equalsIgnoreCase(b, from, to, "inf")
                || equalsIgnoreCase(b, from, to, "infinity");
    }

    static boolean equalsIgnoreCase(byte[] b, int from, int to, String ascii) {
        if (to - from != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (Character.toLowerCase((char) b[from + i]) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The integer {@code [-]digits} in {@code b[from, to)}; throws NumberFormatException (no stack
     * trace wanted, so callers turn it into a reason at once) when it is not one or overflows a long.
     */
    static long parseLong(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative || (i < to && b[i] == '+')) {
            i++;
        }
        if (i == to) {
            throw NOT_A_LONG;
        }
        long v = 0;
        for (; i < to; i++) {
            if (!isDigit(b[i])) {
                throw NOT_A_LONG;
            }
            int d = b[i] - '0';
            // Accumulate negatively: Long.MIN_VALUE has no positive twin.
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw NOT_A_LONG;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw NOT_A_LONG;
            }
            v = -v;
        }
        return v;
    }

    /** The unsigned 64-bit integer in {@code b[from, to)} as a double (42u in line protocol); NaN when it is not one. */
    static double parseUnsigned(byte[] b, int from, int to) {
        if (from == to) {
            return Double.NaN;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(b[i])) {
                return Double.NaN;
            }
            int d = b[i] - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                return Double.NaN; // beyond 2^64 - 1
            }
            v = v * 10 + d;
        }
        return v >= 0 ? (double) v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static final NumberFormatException NOT_A_LONG = new NumberFormatException("not a 64-bit integer") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };
}
