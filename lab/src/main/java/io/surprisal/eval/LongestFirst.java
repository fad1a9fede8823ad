package io.surprisal.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Runs one task per series on a pool, longest series first (so that one long series does not start
 * last and hold up the end), and returns the results in series order, whatever the number of
 * threads. The first failure in series order is rethrown (runtime exceptions as they are).
 */
final class LongestFirst {

    private LongestFirst() {
    }

    /** A pool of daemon threads with this name. */
    static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    static <T> List<T> map(ExecutorService pool, int count, IntUnaryOperator sizeOf, IntFunction<Callable<T>> task) {
        List<Integer> order = IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> sizeOf.applyAsInt(i)).reversed()).toList();
        List<Future<T>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            futures.add(null);
        }
        for (int i : order) {
            futures.set(i, pool.submit(task.apply(i)));
        }
        List<T> results = new ArrayList<>(count);
        try {
            for (Future<T> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while scoring", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("scoring failed", e.getCause());
        }
        return results;
    }
}
