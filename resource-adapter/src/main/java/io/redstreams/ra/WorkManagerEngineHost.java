package io.redstreams.ra;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.redstreams.impl.engine.EngineHost;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

/**
 * The engine's threads in an application server: each loop becomes an {@link EngineWork} on the
 * adapter's {@link WorkManager}. {@code startWork} is used rather than {@code scheduleWork}
 * because it returns only once the loop is running, or throws: the engine's all-or-nothing start
 * needs to know at once when the server refuses a thread.
 *
 * <p>{@link #close()} refuses new loops and releases those still running; it never stops the
 * WorkManager itself, which belongs to the server.
 */
final class WorkManagerEngineHost implements EngineHost {

    /** How long to wait for the WorkManager to start a loop before giving up on it. */
    static final long START_TIMEOUT_MS = 10_000;

    private final WorkManager workManager;
    private final boolean offerHints;
    private final ClassLoader contextClassLoader;
    private final Consumer<WorkManagerEngineHost> onClose;
    private final Set<EngineWork> running = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /**
     * @param offerHints         whether the WorkManager supports {@code HintsContext}
     * @param contextClassLoader for the loops' threads; {@code null} to keep the WorkManager's
     * @param onClose            told when this host is closed; {@code null} if nobody cares
     */
    WorkManagerEngineHost(WorkManager workManager, boolean offerHints, ClassLoader contextClassLoader,
                          Consumer<WorkManagerEngineHost> onClose) {
        this.workManager = workManager;
        this.offerHints = offerHints;
        this.contextClassLoader = contextClassLoader;
        this.onClose = onClose;
    }

    @Override
    public void start(String name, Runnable task) {
        EngineWork work = new EngineWork(name, task, contextClassLoader, offerHints, running::remove);
        synchronized (this) {
            if (closed) {
                throw new RejectedExecutionException("the redstreams resource adapter is stopping and starts no "
                        + "new work (" + name + ")");
            }
            running.add(work);
        }
        try {
            workManager.startWork(work, START_TIMEOUT_MS, null, null);
        } catch (WorkException e) {
            running.remove(work);
            throw new RejectedExecutionException("the WorkManager did not start " + name + " (error code "
                    + e.getErrorCode() + "): " + e.getMessage(), e);
        }
    }

    /** Refuses new loops from now on; the running ones go on. */
    synchronized void refuseNewWork() {
        closed = true;
    }

    /** Refuses new loops and releases (interrupts) those still running. */
    @Override
    public void close() {
        refuseNewWork();
        for (EngineWork work : running) {
            work.release();
        }
        if (onClose != null) {
            onClose.accept(this);
        }
    }
}
