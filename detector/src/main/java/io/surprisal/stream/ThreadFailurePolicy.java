package io.surprisal.stream;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What happens when a stream thread dies. One record cannot kill it (see {@link RecordFailureHandler}),
 * so what gets here is about the instance: a store that cannot write, a broker gone for longer than
 * the clients retry, a bug outside any record. The thread is replaced after a backoff that doubles
 * (1 s, 2 s, 4 s... up to a minute) within a budget of {@code maxReplacements} per {@code window}; past
 * the budget, or for a failure that a new thread cannot fix (a newer state format, the global thread,
 * which Kafka Streams cannot replace), the instance stops: Kafka Streams goes to ERROR, liveness fails
 * and {@code run} exits non-zero, so the orchestrator restarts it or a person looks.
 */
public final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final int maxReplacements;
    private final long windowNanos;
    private final long firstBackoffNanos;
    private final long maxBackoffNanos;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> replacements = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String stopReason;

    public ThreadFailurePolicy(int maxReplacements, Duration window) {
        this(maxReplacements, window, FIRST_BACKOFF, MAX_BACKOFF, System::nanoTime);
    }

    ThreadFailurePolicy(int maxReplacements, Duration window, Duration firstBackoff, Duration maxBackoff, LongSupplier nanoClock) {
        this.maxReplacements = maxReplacements;
        this.windowNanos = window.toNanos();
        this.firstBackoffNanos = firstBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable e) {
        String thread = Thread.currentThread().getName();
        if (thread.contains("GlobalStreamThread")) {
            return stop("the global (models) thread died and Kafka Streams cannot replace it", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NewerStateFormatException) {
                return stop(t.getMessage(), e);
            }
        }
        long backoff;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            while (!replacements.isEmpty() && now - replacements.peekFirst() > windowNanos) {
                replacements.pollFirst();
            }
            if (replacements.size() >= maxReplacements) {
                return stop("stream threads failed " + (replacements.size() + 1) + " times within "
                        + Duration.ofNanos(windowNanos) + " (budget " + maxReplacements + " replacements)", e);
            }
            replacements.addLast(now);
            backoff = Math.min(maxBackoffNanos, firstBackoffNanos << Math.min(20, replacements.size() - 1));
        }
        LOG.error("stream thread {} failed; replacing it in {} ms ({} of {} replacements within {}); its tasks resume "
                + "from their last commit", thread, TimeUnit.NANOSECONDS.toMillis(backoff), replacementsInWindow(),
                maxReplacements, Duration.ofNanos(windowNanos), e);
        try {
            // The dying thread waits, so a failure that repeats at once (broker gone) does not spin;
            // closing the application ends the wait.
            closing.await(backoff, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private StreamThreadExceptionResponse stop(String why, Throwable e) {
        stopReason = why;
        LOG.error("STOPPING this detector instance: {} (cause: {})", why, DeadLetterRecords.describe(e), e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Why the policy stopped the instance, if it did. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    synchronized int replacementsInWindow() {
        return replacements.size();
    }

    /** Ends any backoff in progress: the application is closing. */
    void close() {
        closing.countDown();
    }
}
