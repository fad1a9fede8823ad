package io.surprisal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyCsvTest {

    @Test
    void writesOneLinePerAnomalyUnderAHeader(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/anomalies.csv");
        AnomalyCsv.write(file, List.of(
                new InjectedAnomaly("plant1/pump01/temp", AnomalyKind.LEVEL_SHIFT,
                        Instant.parse("2026-11-24T06:00:00Z"), Instant.parse("2026-11-24T06:29:00Z")),
                new InjectedAnomaly("odd,id", AnomalyKind.SPIKE,
                        Instant.parse("2026-11-24T07:00:00Z"), Instant.parse("2026-11-24T07:00:00Z"))));

        assertEquals(List.of(
                "series,kind,start_ts,end_ts",
                "plant1/pump01/temp,level_shift,2026-11-24T06:00:00Z,2026-11-24T06:29:00Z",
                "\"odd,id\",spike,2026-11-24T07:00:00Z,2026-11-24T07:00:00Z"), Files.readAllLines(file));
    }
}
