package dev.migrate.tenants;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Work on each tenant, a bounded number at once, on daemon threads: the fleet's runs, its schemas' fingerprints. */
final class Workers {

    private Workers() { }

    /**
     * Runs {@code task} on each item, {@code parallel} at once, and returns when every one has ended. An interrupt of
     * the calling thread calls {@code onInterrupt}, stops waiting and cancels what has not started; the thread's
     * interrupt flag stays set.
     *
     * @param name the threads' name
     * @throws IllegalStateException when a task throws (the task is to catch what it can report)
     */
    static <T> void each(List<T> items, int parallel, String name, Runnable onInterrupt, Consumer<T> task) {
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) futures.add(workers.submit(() -> task.accept(item)));
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    onInterrupt.run();
                    return;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a worker (" + name + ") failed", e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
