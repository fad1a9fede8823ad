package io.surprisal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.io.NumberOutput;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Every double is written as Jackson's shortest-decimal writer writes it (the score's contract), and reads back exactly. */
class ShortestDecimalTest {

    static String written(double v) {
        byte[] buf = new byte[ShortestDecimal.MAX_CHARS + 8];
        int end = ShortestDecimal.write(v, buf, 3);
        return new String(buf, 3, end - 3, StandardCharsets.US_ASCII);
    }

    static void same(double v) {
        String expected = NumberOutput.toString(v, true);
        String actual = written(v);
        assertEquals(expected, actual, () -> "bits " + Long.toHexString(Double.doubleToRawLongBits(v)));
        assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(actual)), actual);
    }

    @Property(tries = 5000)
    void anyDoubleIsWrittenAsJacksonWritesIt(@ForAll double v) {
        if (Double.isFinite(v)) {
            same(v);
        }
    }

    @Test
    void doublesFromEveryBinadeAreWrittenAsJacksonWritesThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 400_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                same(v);
            }
        }
    }

    @Test
    void shortDecimalsAndTheValuesAScoreCarriesAreWrittenAsJacksonWritesThem() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            // A reading with a few digits, a mean of many, a likelihood's tail.
            same(random.nextInt(-100_000, 100_000) / Math.pow(10, random.nextInt(0, 6)));
            same(random.nextDouble(-1e4, 1e4));
            same(random.nextDouble());
            same(Math.pow(10, random.nextDouble(-320, 308)));
        }
    }

    @Test
    void theEdgesOfTheFormatAndOfTheDoublesAreWrittenAsJacksonWritesThem() {
        double[] edges = {0.0, -0.0, 1.0, -1.0, 0.1, 0.001, 0.00099999, 9999999.0, 1e7, 1.0E7 - 0.5, 123456789.0, 1e16, 1e17,
                1e22, 1e23, 2e-3, Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 9007199254740992.0,
                9007199254740993.0, 4.35, 2.0E-3, 5e-324, 1.7976931348623157e308, 0.3, 2.0 / 3};
        for (double v : edges) {
            same(v);
        }
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            same(p);
            same(Math.nextUp(p));
            same(Math.nextDown(p));
        }
        for (int e = -323; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            same(p);
            same(Math.nextUp(p));
            same(Math.nextDown(p));
        }
    }
}
