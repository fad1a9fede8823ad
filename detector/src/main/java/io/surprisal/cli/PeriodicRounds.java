package io.surprisal.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a round now and then again every period until closed: the schedule of {@code train --every}. Rounds
 * keep a fixed rate; one that overruns its period delays the next instead of overlapping it (one thread). A
 * round that fails is reported on {@code err} and the next runs as scheduled, so a broker that is away for one
 * round does not end a trainer that is meant to run for weeks.
 */
final class PeriodicRounds implements AutoCloseable {

    /** One round of work; what it throws is reported, not propagated. */
    @FunctionalInterface
    interface Round {
        void run() throws Exception;
    }

    private final String name;
    private final Duration period;
    private final Round round;
    private final PrintStream err;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);

    /** @param name what the messages on {@code err} start with, e.g. {@code train} */
    PeriodicRounds(String name, Duration period, Round round, PrintStream err) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be longer than 0s: " + period);
        }
        this.name = Objects.requireNonNull(name);
        this.period = period;
        this.round = Objects.requireNonNull(round);
        this.err = Objects.requireNonNull(err);
    }

    /** Runs the first round at once on the schedule's thread and the next ones every period after it. */
    PeriodicRounds start() {
        schedule.scheduleAtFixedRate(this::runOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Blocks until {@link #close} (for {@code train --every}: until the process is stopped). */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Schedules no more rounds, lets a running one finish, then releases {@link #awaitClose}. */
    @Override
    public void close() throws InterruptedException {
        schedule.shutdown();
        try {
            schedule.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } finally {
            closed.countDown();
        }
    }

    private void runOnce() {
        try {
            round.run();
        } catch (Exception e) {
            err.println(name + ": round failed, next round as scheduled: " + e.getMessage());
        }
        err.printf("%s: next round within %s%n", name, period);
    }
}
