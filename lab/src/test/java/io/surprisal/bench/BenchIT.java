package io.surprisal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small whole benchmark on the embedded broker: both topologies get through the input, and the
 * latency probe finds the score of every point it sent (it once counted none and printed p99=0.0ms).
 */
// Not on SharedKafka: the bench starts and stops its own broker, which is part of what it runs.
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BenchIT {

    @Test
    void measuresEveryTopologyAndScoresEveryProbedPoint(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("latency.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Bench bench = new Bench(new BenchSettings(50, 5_000, "exactly_once_v2", 2, 0, 2, 1, 200, false, false, true,
                List.of(ShapedSize.DETECTOR, new ShapedSize(100, 40)), 2, new Properties(), csv, false, 1),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        double ratio = bench.run();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(ratio > 0, "ratio " + ratio);
        assertTrue(lines.get(lines.size() - 1).matches("ratio=\\d+\\.\\d{3}"), lines.get(lines.size() - 1));
        String latency = lines.stream().filter(l -> l.startsWith("latency ")).findFirst().orElseThrow();
        assertTrue(latency.startsWith("latency rate=200/s sent=400 scored=400 p50="), latency);
        assertTrue(latency.contains("first half p50=") && latency.contains("second half p50="), latency);
        assertNull(bench.latencyFailure());
        assertTrue(lines.stream().anyMatch(l -> l.matches("latency-probe gc_pauses=\\d+ gc_pause_ms=\\d+\\.\\d"
                + " gc_longest_pause_ms=\\d+\\.\\d")), "the collections during the probe");
        assertTrue(lines.stream().anyMatch(l -> l.matches("latency-probe acked p50=\\d+\\.\\dms p99=\\d+\\.\\dms max=\\d+\\.\\dms .*")),
                "how long the broker took to acknowledge the probe's points");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("latency-probe cpu_us_per_record ") && l.contains(" stream=")),
                "where the CPU went during the probe");
        String idle = lines.stream().filter(l -> l.startsWith("idle ")).findFirst().orElseThrow();
        assertTrue(idle.matches("idle seconds=1 cpu_ms_per_s .*stream=\\d+\\.\\d.*"), idle);
        List<String> rows = Files.readAllLines(csv);
        assertEquals("sent_ms,latency_ms,acked_ms", rows.get(0));
        assertEquals(401, rows.size(), "one row per point sent");
        assertEquals("5.000", rows.get(2).split(",")[0], "the second point's send time at 200 points/s");
        assertTrue(rows.stream().skip(1).allMatch(r -> r.matches("\\d+\\.\\d{3},\\d+\\.\\d{3},\\d+\\.\\d{3}")),
                "every point scored and acknowledged");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("shaped-baseline records=5000 ")), "the shaped baseline ran");
        assertTrue(lines.stream().anyMatch(l -> l.matches("shaped_ratio=\\d+\\.\\d{3} .*")), "shaped_ratio printed");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("shaped-baseline-100x40 records=5000 ")), "the second shape ran");
        assertTrue(lines.stream().anyMatch(l -> l.matches("shaped_ratio=\\d+\\.\\d{3} .* a 100x40 shape.*"
                + "what a 100-byte state and a 40-byte output per point cost\\)")), "the second shape's ratios printed");
        assertEquals(0, lines.stream().filter(l -> l.startsWith("latency FAILED")).count());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("baseline-rep1 records=5000 ")), "the first repetition's baseline");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("detector-rep1 records=5000 ")), "the first repetition's detector");
        String each = lines.get(lines.size() - 2);
        assertTrue(each.matches("ratios=\\d+\\.\\d{3},\\d+\\.\\d{3} .*"), each);
        String[] two = each.substring("ratios=".length(), each.indexOf(' ')).split(",");
        double median = (Double.parseDouble(two[0]) + Double.parseDouble(two[1])) / 2;
        assertEquals(median, Double.parseDouble(lines.get(lines.size() - 1).substring("ratio=".length())), 0.0011,
                "the ratio is the median of the repetitions'");
    }

    /** Through the repartition topic, as a spec's default input goes: under exactly-once a point waits for two commits. */
    @Test
    void measuresTheRouteThroughTheRepartitionTopic() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Bench bench = new Bench(new BenchSettings(50, 5_000, "exactly_once_v2", 2, 0, 2, 1, 200, false, false, true,
                List.of(), 1, new Properties(), null, true, 0), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        double ratio = bench.run();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(ratio > 0, "ratio " + ratio);
        assertTrue(lines.get(0).contains(" key_is_series=false "), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("detector records=5000 ")), "the detector got through the input");
        String latency = lines.stream().filter(l -> l.startsWith("latency ")).findFirst().orElseThrow();
        assertTrue(latency.startsWith("latency rate=200/s sent=400 scored=400 p50="), latency);
        assertNull(bench.latencyFailure());
    }
}
