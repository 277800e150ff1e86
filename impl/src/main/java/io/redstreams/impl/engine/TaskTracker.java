package io.redstreams.impl.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Knows which engine loops are running and on which threads, so that a stop can wait for them
 * with a time limit and then interrupt the ones that did not finish.
 */
public final class TaskTracker {

    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int count;

    /** Wraps a loop so that the tracker sees it start and end. Call {@link #expect()} first. */
    public Runnable track(Runnable loop) {
        return () -> {
            Thread self = Thread.currentThread();
            running.add(self);
            try {
                loop.run();
            } finally {
                running.remove(self);
                done();
            }
        };
    }

    /** Counts a loop that is about to be handed to the host. */
    public void expect() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    /** Undoes {@link #expect()} for a loop the host refused. */
    public void done() {
        lock.lock();
        try {
            count--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every tracked loop ended, or the time is up; returns whether all ended. */
    public boolean awaitAll(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Interrupts every loop still running; returns how many. */
    public int interruptAll() {
        int n = 0;
        for (Thread t : running) {
            t.interrupt();
            n++;
        }
        return n;
    }
}
