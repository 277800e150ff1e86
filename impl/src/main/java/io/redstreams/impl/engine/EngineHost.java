package io.redstreams.impl.engine;

import java.util.concurrent.RejectedExecutionException;

/**
 * Who gives the engine its threads. In Weld SE that is an executor of the engine's own
 * ({@link ThreadPoolEngineHost}); in an application server it is the resource adapter's
 * WorkManager. The engine runs only long-lived loops on it (consumer workers, handler loops,
 * flushers), each of which ends when the engine stops it.
 */
public interface EngineHost {

    /**
     * Starts a long-running task on a thread of the host.
     *
     * @param name a name for the thread, e.g. {@code redstreams-worker-orders/billing}
     * @throws RejectedExecutionException when the host refuses new work (it is shutting down)
     */
    void start(String name, Runnable task);

    /** Called once the engine stopped all its tasks; a host that owns threads releases them. */
    void close();
}
