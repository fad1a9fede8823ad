package io.surprisal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMedianTest {

    @Test
    void theRatioOfSeveralRepetitionsIsTheirMedian() {
        assertEquals(0.5, Bench.median(List.of(0.5)));
        assertEquals(0.55, Bench.median(List.of(0.6, 0.3, 0.55)));
        assertEquals(0.45, Bench.median(List.of(0.6, 0.3, 0.4, 0.5)), 1e-12);
    }
}
