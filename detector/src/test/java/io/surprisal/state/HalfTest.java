package io.surprisal.state;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfTest {

    @Test
    void everyFiniteHalfValueSurvivesTheRoundTrip() {
        for (int i = 0; i < 65536; i++) {
            short h = (short) i;
            float f = Half.toFloat(h);
            if (Float.isFinite(f)) {
                assertEquals(h, Half.fromFloat(f), "bits " + Integer.toHexString(i));
            }
        }
    }

    @Test
    void roundingPicksTheNearestHalfValue() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) ((r.nextDouble() * 2 - 1) * Math.pow(2, r.nextInt(-26, 16)));
            short h = Half.fromFloat(f);
            float gap = Math.abs(f - Half.toFloat(h));
            for (int step = -1; step <= 1; step += 2) {
                float neighbour = Half.toFloat((short) (h + step));
                if (Float.isFinite(neighbour) && Math.signum(neighbour) == Math.signum(Half.toFloat(h))) {
                    assertTrue(gap <= Math.abs(f - neighbour), f + " rounded to " + Half.toFloat(h) + ", " + neighbour + " is nearer");
                }
            }
        }
    }

    @Test
    void knownValuesAndSaturation() {
        assertEquals(1f, Half.round(1f));
        assertEquals(-2.5f, Half.round(-2.5f));
        assertEquals(0.099975586f, Half.round(0.1f));
        assertEquals(1f, Half.round(1f + 0x1p-11f), "a tie rounds to even");
        assertEquals(1f + 0x1p-9f, Half.round(1f + 0x1p-10f + 0x1p-11f), "a tie rounds to even, upwards here");
        assertEquals(0x1p-24f, Half.round(0x1p-24f), "smallest subnormal");
        assertEquals(Half.MAX, Half.round(1e9f));
        assertEquals(-Half.MAX, Half.round(Float.NEGATIVE_INFINITY));
        assertEquals(0f, Half.round(Float.NaN));
    }

    /**
     * The quick rounding of a normal half, and the quick conversion, agree with the codec bit for bit. (Checked once
     * over all 2^32 float bit patterns; here over every bit pattern around each edge of the quick path and a million
     * random ones.)
     */
    @Test
    void roundingAgreesWithTheCodecBitForBit() {
        int[] edges = {0, Float.floatToRawIntBits(0x1p-14f), Float.floatToRawIntBits(Half.MAX), Float.floatToRawIntBits(65520f),
                Float.floatToRawIntBits(1f), Float.floatToRawIntBits(0x1p-24f), 0x7F800000, 0x7FC00000};
        for (int edge : edges) {
            for (int sign : new int[] {0, 0x80000000}) {
                for (int d = -5000; d <= 5000; d++) {
                    assertAgrees((edge | sign) + d);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 1_000_000; i++) {
            assertAgrees(random.nextInt());
        }
    }

    private static void assertAgrees(int bits) {
        float f = Float.intBitsToFloat(bits);
        assertEquals(Half.codec(f), Half.fromFloat(f), () -> "bits " + Integer.toHexString(bits) + " (" + f + ")");
        assertEquals(Float.floatToRawIntBits(Half.toFloat(Half.fromFloat(f))), Float.floatToRawIntBits(Half.round(f)),
                () -> "bits " + Integer.toHexString(bits) + " (" + f + ")");
    }
}
