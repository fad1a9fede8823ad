package io.surprisal.stream;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadFailurePolicyTest {
    private final AtomicLong now = new AtomicLong();

    private ThreadFailurePolicy policy(int budget) {
        return new ThreadFailurePolicy(budget, Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, now::get);
    }

    @Test
    void replacesThreadsWithinTheBudgetThenStopsTheInstance() {
        ThreadFailurePolicy p = policy(3);
        RuntimeException e = new RuntimeException("disk full");
        for (int i = 0; i < 3; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, p.handle(e));
            now.addAndGet(Duration.ofMinutes(1).toNanos());
        }
        assertTrue(p.stopReason().isEmpty());
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, p.handle(e));
        assertTrue(p.stopReason().orElseThrow().contains("4 times"), p.stopReason().orElseThrow());
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        ThreadFailurePolicy p = policy(2);
        RuntimeException e = new RuntimeException("broker gone");
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, p.handle(e));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, p.handle(e));
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, p.handle(e));
        assertEquals(1, p.replacementsInWindow());
    }

    @Test
    void aNewerStateFormatStopsAtOnce() {
        ThreadFailurePolicy p = policy(5);
        var e = new org.apache.kafka.streams.errors.StreamsException(new NewerStateFormatException("a", 9, 4));
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, p.handle(e));
        assertTrue(p.stopReason().orElseThrow().contains("format 9"));
    }

    @Test
    void theGlobalThreadCannotBeReplacedSoTheInstanceStops() throws Exception {
        ThreadFailurePolicy p = policy(5);
        AtomicReference<StreamThreadExceptionResponse> answer = new AtomicReference<>();
        Thread global = new Thread(() -> answer.set(p.handle(new IllegalStateException("x"))), "app-GlobalStreamThread");
        global.start();
        global.join();
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, answer.get());
        assertTrue(p.stopReason().orElseThrow().contains("global"));
    }

    @Test
    void backoffDoublesUpToItsCapAndClosingEndsIt() throws Exception {
        ThreadFailurePolicy p = new ThreadFailurePolicy(10, Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofMinutes(5), now::get);
        p.close(); // a closing application does not wait out the backoff
        long t0 = System.nanoTime();
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, p.handle(new RuntimeException("x")));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos());
    }
}
