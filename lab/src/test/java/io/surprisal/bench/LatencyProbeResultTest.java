package io.surprisal.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.surprisal.bench.LatencyProbe.UNMEASURED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyProbeResultTest {
    private static LatencyProbe.Result result(long sent, long received, double lagMs, long[] latencies, long[] acked) {
        LatencyProbe.Latencies none = LatencyProbe.Latencies.of(new long[0]);
        return new LatencyProbe.Result(4, sent, received, none, none, none, lagMs, latencies,
                LatencyProbe.Latencies.of(acked.clone()), acked, new JvmPauses.Report(0, 0, 0), "");
    }

    @Test
    void theCsvHasARowAPointWithItsLatencyAndItsAcknowledgementEmptyWhereThereWasNone(@TempDir Path dir) throws IOException {
        long ms = 1_000_000;
        Path csv = dir.resolve("latency.csv");
        result(3, 2, 0, new long[]{12 * ms, UNMEASURED, 30 * ms}, new long[]{2 * ms, 5 * ms, UNMEASURED}).writeCsv(csv);
        assertEquals(List.of("sent_ms,latency_ms,acked_ms", "0.000,12.000,2.000", "250.000,,5.000", "500.000,30.000,"),
                Files.readAllLines(csv));
    }

    @Test
    void theAcknowledgementsReadAsTheBenchPrintsThem() {
        long ms = 1_000_000;
        assertEquals("p50=2.0ms p99=9.0ms max=9.0ms", LatencyProbe.Latencies.of(new long[]{9 * ms, 1 * ms, 2 * ms}).describe());
    }

    @Test
    void aPointNotScoredOrAProducerBehindVoidsThePass() {
        long[] two = {1, 1};
        assertNull(result(2, 2, 5, two, two).failure());
        assertTrue(result(2, 1, 5, two, two).failure().startsWith("only 1 of 2 points were scored"));
        assertTrue(result(2, 2, 150, two, two).failure().startsWith("the paced producer fell 150.0 ms behind"));
    }
}
