package io.redstreams.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where consumer methods (ours and the raw loops) report each message. One {@link Run} at a time:
 * it counts messages, notes when the first and the last arrived, snapshots allocation counters at
 * the first one, and optionally records each message's end-to-end latency.
 */
final class Probe {

    private static volatile Run current;

    private Probe() {
    }

    static final class Run {
        final int expected;
        final long[] latencies;
        final Supplier<Alloc.Snapshot> allocAtFirst;
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long firstNanos;
        volatile long lastNanos;
        volatile Alloc.Snapshot alloc;
        volatile long sink;

        Run(int expected, boolean latency, Supplier<Alloc.Snapshot> allocAtFirst) {
            this.expected = expected;
            this.latencies = latency ? new long[expected] : null;
            this.allocAtFirst = allocAtFirst;
        }

        boolean await(long seconds) throws InterruptedException {
            return done.await(seconds, TimeUnit.SECONDS);
        }

        /** Messages per second from the first message to the last. */
        double perSecond() {
            return (expected - 1) * 1e9 / (lastNanos - firstNanos);
        }
    }

    /**
     * @param allocAtFirst which threads to watch, evaluated when the first message arrives; null: none
     */
    static Run start(int expected, boolean latency, Supplier<Alloc.Snapshot> allocAtFirst) {
        Run run = new Run(expected, latency, allocAtFirst);
        current = run;
        return run;
    }

    /** Called once per message by the consumer under test, after its work. */
    static void on(Order order) {
        long now = System.nanoTime();
        Run run = current;
        if (run == null) {
            return;
        }
        int n = run.count.incrementAndGet();
        if (run.latencies != null && n <= run.latencies.length) {
            run.latencies[n - 1] = now - order.sentNanos();
        }
        if (n == 1) {
            if (run.allocAtFirst != null) {
                run.alloc = run.allocAtFirst.get();
            }
            run.firstNanos = System.nanoTime();
        }
        if (n == run.expected) {
            run.lastNanos = System.nanoTime();
            run.done.countDown();
        }
        if (order.quantity() == Integer.MIN_VALUE) {
            run.sink++; // never: keeps the decoded payload observable
        }
    }
}
