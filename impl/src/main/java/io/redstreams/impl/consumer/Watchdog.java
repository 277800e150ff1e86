package io.redstreams.impl.consumer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One loop for all consumers of an application that enforces the processing timeout: it scans the start times of
 * the calls in flight ({@link CallClock}s) a few times per timeout and interrupts those that outlived it. Cheaper
 * than a scheduled task per message; the handlers pay nothing but a time stamp.
 */
final class Watchdog implements Runnable {

    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());

    private final List<CallClock> clocks = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile long periodMs = 1000;

    void watch(CallClock clock) {
        clocks.add(clock);
        periodMs = Math.max(10, Math.min(periodMs, clock.timeoutMs() / 4));
    }

    /** Why a call of consumer {@code name} is stuck past its processing timeout, or {@code null}. */
    String stuck(String name, long nowNanos) {
        for (CallClock clock : clocks) {
            if (clock.name().equals(name)) {
                String why = clock.stuck(nowNanos);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /** Whether a call of consumer {@code name} runs now. */
    boolean calling(String name) {
        for (CallClock clock : clocks) {
            if (clock.name().equals(name) && clock.calling()) {
                return true;
            }
        }
        return false;
    }

    void stop() {
        stop.countDown();
    }

    @Override
    public void run() {
        try {
            while (!stop.await(periodMs, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                for (CallClock clock : clocks) {
                    try {
                        clock.check(now);
                    } catch (Throwable t) {
                        Failures.log(LOG, Level.SEVERE, "redstreams: the processing-timeout watchdog failed on a"
                                + " handler; going on", t);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
