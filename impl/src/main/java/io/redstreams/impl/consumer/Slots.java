package io.redstreams.impl.consumer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker's in-flight slots: like a {@link java.util.concurrent.Semaphore}, but its one waiter (the worker,
 * waiting for room for a whole batch) is woken only once enough slots are free, not on every release. With a
 * Semaphore, {@code tryAcquire(batchSize, ...)} would wake the worker on each handler's release just to park again.
 * Only the worker acquires; any thread releases.
 */
final class Slots {
    private final AtomicInteger free;
    private volatile int wanted;
    private volatile Thread waiter;

    Slots(int capacity) {
        this.free = new AtomicInteger(capacity);
    }

    boolean tryAcquire(int n, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            int f = free.get();
            if (f >= n) {
                if (free.compareAndSet(f, f - n)) {
                    return true;
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waiter = Thread.currentThread();
            wanted = n;
            if (free.get() < n) {
                LockSupport.parkNanos(this, left);
            }
            wanted = 0;
            waiter = null;
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, timeout, unit);
    }

    boolean tryAcquire() {
        int f;
        do {
            f = free.get();
            if (f < 1) {
                return false;
            }
        } while (!free.compareAndSet(f, f - 1));
        return true;
    }

    int availablePermits() {
        return free.get();
    }

    void release() {
        release(1);
    }

    void release(int n) {
        if (n <= 0) {
            return;
        }
        int f = free.addAndGet(n);
        int w = wanted;
        if (w > 0 && f >= w) {
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
