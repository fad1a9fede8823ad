package io.surprisal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class WindowSamplerTest {

    @Test
    void everyWindowStartIsDrawnAboutEquallyOftenAndNoWindowRunsPastItsSeries() {
        int window = 10;
        List<Integer> steps = List.of(10, 40, 19); // 1, 31 and 10 window starts
        WindowSampler sampler = new WindowSampler(steps, window);
        int[] seriesOf = new int[1000];
        int[] startOf = new int[1000];
        long[][] counts = {new long[1], new long[31], new long[10]};
        SplittableRandom rnd = new SplittableRandom(5);
        for (int round = 0; round < 84; round++) {
            sampler.draw(rnd, seriesOf, startOf);
            for (int b = 0; b < seriesOf.length; b++) {
                assertTrue(startOf[b] >= 0 && startOf[b] + window <= steps.get(seriesOf[b]), "window inside its series");
                counts[seriesOf[b]][startOf[b]]++;
            }
        }
        // 84,000 draws over 42 starts: 2,000 each, with a binomial spread of about 45.
        for (long[] series : counts) {
            for (long c : series) {
                assertEquals(2000, c, 250);
            }
        }
    }
}
