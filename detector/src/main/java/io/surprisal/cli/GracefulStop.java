package io.surprisal.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM as a request, not an abort: the shutdown hook signals the main thread and then
 * waits (up to a grace period) until the main thread says it has closed everything, so Kafka
 * Streams commits and the broker stops cleanly before the JVM exits.
 */
final class GracefulStop {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);

    static GracefulStop install(String name, Duration grace) {
        GracefulStop stop = new GracefulStop();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.requested.countDown();
            try {
                stop.done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name));
        return stop;
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Everything is closed: the hook may let the JVM exit. */
    void done() {
        done.countDown();
    }
}
