package io.surprisal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.surprisal.sim.SimulationRunner;

/**
 * The simulator's "still alive" line, every few seconds on stderr, so a person sees it work and a log
 * shows when it stopped: {@code simulate: sent=12000 rate=20.0/s series=200 simulated=2026-12-06T02:40:00Z}.
 * The rate is over the last interval, not since the start, so a stall shows at once. With a status file
 * the same line is also written there (replacing it), and a container health check reads the file's age.
 */
final class ProgressLine implements SimulationRunner.Progress {

    private final PrintWriter err;
    private final int series;
    private final long everyNanos;
    private final LongSupplier nanoClock;
    private final Path statusFile;
    private long lastNanos;
    private long lastSent;

    ProgressLine(PrintWriter err, int series, Duration every, LongSupplier nanoClock, Path statusFile) {
        this.err = err;
        this.series = series;
        this.everyNanos = every.toNanos();
        this.nanoClock = nanoClock;
        this.statusFile = statusFile;
        this.lastNanos = nanoClock.getAsLong();
    }

    @Override
    public void batchSent(long sent, Instant simulatedTime) {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed < everyNanos) {
            return;
        }
        double rate = (sent - lastSent) / (elapsed / 1e9);
        String line = String.format(Locale.ROOT, "simulate: sent=%d rate=%.1f/s series=%d simulated=%s",
                sent, rate, series, simulatedTime);
        err.println(line);
        err.flush();
        writeStatus(line);
        lastNanos = now;
        lastSent = sent;
    }

    private void writeStatus(String line) {
        if (statusFile == null) {
            return;
        }
        // Written aside and moved, so a health check never reads half a line.
        Path partial = statusFile.resolveSibling(statusFile.getFileName() + ".part");
        try {
            Files.writeString(partial, line + System.lineSeparator());
            Files.move(partial, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the status file " + statusFile, e);
        }
    }
}
