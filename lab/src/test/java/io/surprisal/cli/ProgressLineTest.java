package io.surprisal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's progress line, on a clock the test moves. */
class ProgressLineTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StringWriter err = new StringWriter();

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private List<String> lines() {
        return err.toString().lines().toList();
    }

    @Test
    void printsEveryFewSecondsWithTheRateOverTheLastInterval(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("simulate.status");
        ProgressLine progress = new ProgressLine(new PrintWriter(err), 200, Duration.ofSeconds(5), nanos::get, status);
        Instant t = Instant.parse("2026-12-06T02:00:00Z");

        progress.batchSent(100, t);
        advance(4);
        progress.batchSent(400, t);
        assertEquals(List.of(), lines(), "nothing before 5 s");
        assertFalse(Files.exists(status));

        advance(1);
        progress.batchSent(500, t.plusSeconds(5));
        advance(5);
        progress.batchSent(600, t.plusSeconds(10));

        assertEquals(List.of(
                "simulate: sent=500 rate=100.0/s series=200 simulated=2026-12-06T02:00:05Z",
                "simulate: sent=600 rate=20.0/s series=200 simulated=2026-12-06T02:00:10Z"), lines());
        assertEquals(lines().get(1), Files.readString(status).strip(), "the status file holds the latest line");
        assertFalse(Files.exists(dir.resolve("simulate.status.part")));
    }

    @Test
    void aStatusFileIsOptional() {
        ProgressLine progress = new ProgressLine(new PrintWriter(err), 3, Duration.ofSeconds(1), nanos::get, null);
        advance(1);
        progress.batchSent(3, Instant.EPOCH);
        assertEquals(1, lines().size());
    }
}
