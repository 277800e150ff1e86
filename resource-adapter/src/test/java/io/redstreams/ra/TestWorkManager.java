package io.redstreams.ra;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.work.WorkRejectedException;

/**
 * A WorkManager as simple as possible: one new thread per work, named {@code test-wm-<n>}, which
 * ends with the work. It remembers its threads, so tests can tell whether code ran on them and
 * whether any is still alive, and can be told to refuse work, as a server's exhausted pool does.
 */
final class TestWorkManager implements WorkManager {

    private final AtomicInteger counter = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<String> longRunningHints = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile int acceptAtMost = Integer.MAX_VALUE;

    @Override
    public void doWork(Work work) throws WorkException {
        doWork(work, INDEFINITE, null, null);
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        try {
            launch(work).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkException(e);
        }
    }

    @Override
    public long startWork(Work work) throws WorkException {
        return startWork(work, INDEFINITE, null, null);
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        launch(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) throws WorkException {
        scheduleWork(work, INDEFINITE, null, null);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        launch(work);
    }

    /** Starts the work on a new thread and returns once it runs. */
    private Thread launch(Work work) throws WorkException {
        if (accepted.incrementAndGet() > acceptAtMost) {
            throw new WorkRejectedException("test: no more threads", WorkException.START_TIMED_OUT);
        }
        recordHints(work);
        CountDownLatch started = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            started.countDown();
            work.run();
        }, "test-wm-" + counter.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkException(e);
        }
        return thread;
    }

    private void recordHints(Work work) {
        if (work instanceof WorkContextProvider provider && provider.getWorkContexts() != null) {
            for (WorkContext context : provider.getWorkContexts()) {
                if (context instanceof HintsContext hints
                        && Boolean.TRUE.equals(hints.getHints().get(HintsContext.LONGRUNNING_HINT))) {
                    longRunningHints.add(String.valueOf(hints.getHints().get(HintsContext.NAME_HINT)));
                }
            }
        }
    }

    /** From now on, accept only {@code more} further works and refuse the rest. */
    void acceptOnly(int more) {
        acceptAtMost = accepted.get() + more;
    }

    void acceptAll() {
        acceptAtMost = Integer.MAX_VALUE;
    }

    boolean owns(Thread thread) {
        return threads.contains(thread);
    }

    List<Thread> liveThreads() {
        return threads.stream().filter(Thread::isAlive).toList();
    }

    /** The names of the works that asked for a long-running thread. */
    List<String> longRunningHints() {
        return longRunningHints;
    }
}
