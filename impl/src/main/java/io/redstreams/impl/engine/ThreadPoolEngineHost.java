package io.redstreams.impl.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The host outside application servers: a thread pool of the engine's own, whose threads are
 * named {@code redstreams-...} and go away when the engine closes.
 */
public final class ThreadPoolEngineHost implements EngineHost {

    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable);
        t.setDaemon(true);
        return t;
    });

    @Override
    public void start(String name, Runnable task) {
        executor.execute(() -> {
            Thread current = Thread.currentThread();
            String previous = current.getName();
            current.setName(name);
            try {
                task.run();
            } finally {
                current.setName(previous);
            }
        });
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
