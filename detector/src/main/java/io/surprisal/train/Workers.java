package io.surprisal.train;

import io.surprisal.model.Layout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training threads, each with its own {@link Network} (its buffers are not shareable). Work is
 * split by index, worker k taking k, k+T, k+2T…, and each index writes its own result slot, so what
 * a run computes does not depend on the number of threads.
 */
final class Workers implements AutoCloseable {
    interface Task {
        void run(Network net, int index);
    }

    private final ExecutorService pool;
    private final Network[] nets;

    Workers(int threads, Layout layout) {
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "trainer");
            t.setDaemon(true);
            return t;
        });
        nets = new Network[threads];
        for (int i = 0; i < threads; i++) {
            nets[i] = new Network(layout);
        }
    }

    /** Runs {@code task} for indices 0..n-1 and waits for all of them. */
    void forEach(int n, Task task) {
        int workers = Math.min(nets.length, Math.max(1, n));
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int k = 0; k < workers; k++) {
            final Network net = nets[k];
            final int first = k;
            futures.add(pool.submit(() -> {
                for (int i = first; i < n; i += workers) {
                    task.run(net, i);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("training worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
