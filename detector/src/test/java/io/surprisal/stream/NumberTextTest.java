package io.surprisal.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbers read from bytes must be the doubles Java reads from the same text, bit for bit. */
class NumberTextTest {

    static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return NumberText.parse(b, 0, b.length);
    }

    @Property(tries = 2000)
    void everyPrintedDoubleReadsBackExactly(@ForAll double d) {
        String s = Double.toString(d);
        if (Double.isFinite(d)) {
            assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(parse(s)), s);
        }
    }

    @Property(tries = 2000)
    void decimalTextReadsAsJavaReadsIt(@ForAll("decimals") String s) {
        assertEquals(Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(parse(s)), s);
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""), digits.map(d -> "." + d));
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-340, 340).map(e -> "e" + e));
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        return Combinators.combine(sign, digits, fraction, exponent).as((a, b, c, d) -> a + b + c + d);
    }

    @Test
    void textThatJavaWouldStretchToANumberIsNot() {
        for (String s : new String[]{"", "-", ".", "e5", "1e", "1e+", "0x10", "1d", "1f", "NaN", "Infinity", "1.2.3", " 1", "1 "}) {
            assertTrue(Double.isNaN(parse(s)), s);
        }
    }

    @Test
    void anOverflowIsInfiniteNotNaN() {
        assertEquals(Double.POSITIVE_INFINITY, parse("1e999"));
        assertEquals(Double.NEGATIVE_INFINITY, parse("-1e999"));
    }

    @Property(tries = 1000)
    void longsReadAsJavaReadsThem(@ForAll long v) {
        byte[] b = Long.toString(v).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(v, NumberText.parseLong(b, 0, b.length));
    }

    @Test
    void aLongThatOverflowsIsNotALong() {
        byte[] b = "9223372036854775808".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(NumberFormatException.class, () -> NumberText.parseLong(b, 0, b.length));
    }

    @Property(tries = 1000)
    void unsignedIntegersReadAsTheirNearestDouble(@ForAll("unsigned") BigInteger v) {
        byte[] b = v.toString().getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(v.doubleValue(), NumberText.parseUnsigned(b, 0, b.length), v.toString());
    }

    @Provide
    Arbitrary<BigInteger> unsigned() {
        return Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
    }

    @Test
    void anUnsignedBeyondSixtyFourBitsIsNotOne() {
        byte[] b = "18446744073709551616".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(Double.isNaN(NumberText.parseUnsigned(b, 0, b.length)));
    }
}
