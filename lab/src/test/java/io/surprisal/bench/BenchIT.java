package io.surprisal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A small whole benchmark on the embedded broker: both topologies get through the input, and the
 * latency probe finds the score of every point it sent (it once counted none and printed p99=0.0ms).
 */
// Not on SharedKafka: the bench starts and stops its own broker, which is part of what it runs.
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BenchIT {

    @Test
    void measuresEveryTopologyAndScoresEveryProbedPoint() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Bench bench = new Bench(new BenchSettings(50, 5_000, "exactly_once_v2", 2, 0, 2, 200, false, false, true,
                true, new Properties()), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        double ratio = bench.run();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(ratio > 0, "ratio " + ratio);
        assertTrue(lines.get(lines.size() - 1).matches("ratio=\\d+\\.\\d{3}"), lines.get(lines.size() - 1));
        String latency = lines.stream().filter(l -> l.startsWith("latency ")).findFirst().orElseThrow();
        assertTrue(latency.startsWith("latency rate=200/s sent=400 scored=400 p50="), latency);
        assertTrue(latency.contains("first half p50=") && latency.contains("second half p50="), latency);
        assertNull(bench.latencyFailure());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("shaped-baseline records=5000 ")), "the shaped baseline ran");
        assertTrue(lines.stream().anyMatch(l -> l.matches("shaped_ratio=\\d+\\.\\d{3} .*")), "shaped_ratio printed");
        assertEquals(0, lines.stream().filter(l -> l.startsWith("latency FAILED")).count());
    }
}
