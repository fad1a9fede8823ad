package io.surprisal.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeriodicRoundsTest {

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsAtOnceThenAgainNoSoonerThanEachPeriod() throws Exception {
        Duration period = Duration.ofMillis(50);
        int rounds = 3;
        AtomicLongArray startedAt = new AtomicLongArray(rounds);
        AtomicInteger count = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(rounds);
        long begin = System.nanoTime();
        try (PeriodicRounds schedule = new PeriodicRounds("test", period, () -> {
            int k = count.getAndIncrement();
            if (k < rounds) {
                startedAt.set(k, System.nanoTime());
                ran.countDown();
            }
        }, err).start()) {
            assertTrue(ran.await(20, TimeUnit.SECONDS), "three rounds");
        }
        // Fixed rate from the moment it started: round k is due k periods after the first, never earlier.
        for (int k = 1; k < rounds; k++) {
            long afterBegin = startedAt.get(k) - begin;
            assertTrue(afterBegin >= k * period.toNanos(), "round " + k + " began " + afterBegin + " ns after start");
        }
        assertTrue(err().startsWith("test: next round within PT0.05S" + System.lineSeparator()), err());
    }

    @Test
    void aFailingRoundIsReportedAndTheNextStillRuns() throws Exception {
        AtomicInteger count = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(1);
        try (PeriodicRounds schedule = new PeriodicRounds("train", Duration.ofMillis(10), () -> {
            if (count.getAndIncrement() == 0) {
                throw new IllegalStateException("broker away");
            }
            second.countDown();
        }, err).start()) {
            assertTrue(second.await(20, TimeUnit.SECONDS), "a round after the failed one");
        }
        String lines = err();
        assertTrue(lines.startsWith("train: round failed, next round as scheduled: broker away" + System.lineSeparator()
                + "train: next round within PT0.01S" + System.lineSeparator()), lines);
    }

    @Test
    void closeLetsTheRunningRoundFinishStartsNoOtherAndReleasesTheWaiter() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger count = new AtomicInteger();
        PeriodicRounds schedule = new PeriodicRounds("test", Duration.ofMillis(1), () -> {
            count.incrementAndGet();
            started.countDown();
            release.await(); // a round still at work when the schedule is closed
            finished.set(true);
        }, err).start();
        assertTrue(started.await(20, TimeUnit.SECONDS));
        Thread waiter = new Thread(() -> {
            try {
                schedule.awaitClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        Thread closer = new Thread(() -> {
            try {
                schedule.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        // Parked in awaitTermination means shutdown() is behind it: only then may the blocked round end. (A close
        // that does not wait for the round ends at once, and the assertions below say what it broke.)
        await().atMost(Duration.ofSeconds(20)).until(() -> closer.getState() == Thread.State.TIMED_WAITING || !closer.isAlive());
        release.countDown();
        closer.join();
        waiter.join();
        assertTrue(finished.get(), "the running round was not interrupted");
        // close returned after the schedule's thread ended: no round can start any more, though one was due every 1 ms.
        assertEquals(1, count.get());
        assertFalse(closer.isAlive() || waiter.isAlive());
    }

    @Test
    void aPeriodOfZeroIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PeriodicRounds("test", Duration.ZERO, () -> { }, err));
    }
}
