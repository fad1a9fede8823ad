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
}
