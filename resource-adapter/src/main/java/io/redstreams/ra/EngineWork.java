package io.redstreams.ra;

import java.util.List;
import java.util.function.Consumer;

import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;

/**
 * One long-running engine loop (a consumer worker, a handler loop, the ack flusher, the async
 * sender) as a Jakarta Connectors {@link Work}. While it runs, the WorkManager thread carries the
 * loop's name ({@code redstreams-...}) and, for loops of a hosted application, that
 * application's context class loader; both are restored afterwards, because the thread goes
 * back to the server's pool.
 *
 * <p>The loops end when the engine stops them. {@link #release()} is the server's way of
 * asking for its thread back early (for example when it shuts down without stopping the
 * adapter first): the thread is interrupted, the loop ends, and the entries it held stay
 * pending in Redis, to be delivered again.
 */
final class EngineWork implements Work, WorkContextProvider {

    private final String name;
    private final Runnable loop;
    private final ClassLoader contextClassLoader;
    private final boolean offerHints;
    private final Consumer<EngineWork> onEnd;
    private final Object lock = new Object();
    private Thread thread;
    private boolean released;

    /**
     * @param contextClassLoader set on the thread while the loop runs; {@code null} leaves the WorkManager's
     * @param offerHints         whether to pass a {@link HintsContext}; only if the WorkManager supports it,
     *                           since a WorkManager must reject work with a context it does not support
     * @param onEnd              told when the loop ended, whatever the reason
     */
    EngineWork(String name, Runnable loop, ClassLoader contextClassLoader, boolean offerHints,
               Consumer<EngineWork> onEnd) {
        this.name = name;
        this.loop = loop;
        this.contextClassLoader = contextClassLoader;
        this.offerHints = offerHints;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        Thread current = Thread.currentThread();
        String previousName = current.getName();
        ClassLoader previousLoader = current.getContextClassLoader();
        synchronized (lock) {
            thread = current;
            if (released) {
                // Still run the loop, interrupted, so the engine's bookkeeping sees it start and end.
                current.interrupt();
            }
        }
        current.setName(name);
        if (contextClassLoader != null) {
            current.setContextClassLoader(contextClassLoader);
        }
        try {
            loop.run();
        } finally {
            synchronized (lock) {
                thread = null;
            }
            // The thread goes back to the server's pool: leave it as we found it.
            Thread.interrupted();
            current.setName(previousName);
            current.setContextClassLoader(previousLoader);
            onEnd.accept(this);
        }
    }

    @Override
    public void release() {
        synchronized (lock) {
            released = true;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** Long-running, so servers with a separate pool for long work (WildFly) put it there. */
    @Override
    public List<WorkContext> getWorkContexts() {
        if (!offerHints) {
            return null;
        }
        HintsContext hints = new HintsContext();
        hints.setName(name);
        hints.setDescription("redstreams engine loop");
        // setName names the context; the work's own name, which servers may show, is a hint.
        hints.setHint(HintsContext.NAME_HINT, name);
        hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
        return List.of(hints);
    }

    @Override
    public String toString() {
        return "EngineWork[" + name + "]";
    }
}
