package io.redstreams.impl.consumer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The processing timeout of one handler loop: when its current call of the application started, read by the
 * consumers' {@link Watchdog}. Per message the handler pays one {@code System.nanoTime()}, one volatile write and one
 * compare-and-set; no allocation, no scheduled task.
 *
 * <p>A method still running past the timeout is interrupted once by the watchdog and its delivery counts as failed
 * (retried with backoff, then dead-lettered). A method that ignores the interrupt keeps its thread and its slot
 * until it returns (a running method is in flight: the bound on in-flight entries stays true); the watchdog logs it
 * at SEVERE once, with its stack. A {@code CompletionStage} is waited for only until the timeout.
 */
final class CallClock {

    private static final Logger LOG = Logger.getLogger(CallClock.class.getName());
    private static final long IDLE = Long.MIN_VALUE;
    private static final long INTERRUPTING = Long.MIN_VALUE + 1;
    private static final long INTERRUPTED = Long.MIN_VALUE + 2;
    private static final AtomicLongFieldUpdater<CallClock> CALL =
            AtomicLongFieldUpdater.newUpdater(CallClock.class, "call");

    private final String name;
    private final long timeoutMs;
    private final long timeoutNanos;
    /** Start (nanoTime) of the method call running now, or a marker. */
    private volatile long call = IDLE;
    private volatile Thread thread;
    /** Handler thread only: start of the current call, for the deadline of its stage. */
    private long startedNanos;
    /** Written by the watchdog, read by health checks. */
    private volatile long interruptedAtNanos;
    private boolean reportedStuck;

    CallClock(String name, long timeoutMs) {
        this.name = name;
        this.timeoutMs = timeoutMs;
        this.timeoutNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(timeoutMs), Long.MAX_VALUE / 4);
    }

    long timeoutMs() {
        return timeoutMs;
    }

    String name() {
        return name;
    }

    /** Whether a call of the application runs now. */
    boolean calling() {
        return call != IDLE;
    }

    /** Handler thread only: when the current (or last) call started, {@code System.nanoTime()}. */
    long startedNanos() {
        return startedNanos;
    }

    /**
     * Why this handler is stuck, or {@code null}: its call was interrupted at the processing timeout more than a
     * second ago and still runs.
     */
    String stuck(long nowNanos) {
        if (call != INTERRUPTED) {
            return null;
        }
        long over = TimeUnit.NANOSECONDS.toMillis(nowNanos - interruptedAtNanos);
        if (over < 1000) {
            return null;
        }
        Thread t = thread;
        return "a method on " + (t == null ? "a handler thread" : t.getName()) + " still runs " + over
                + " ms after its processing timeout of " + timeoutMs + " ms (interrupted, it does not return)";
    }

    // ---- the handler thread ----

    /** A call of the application starts on this thread. */
    void start() {
        thread = Thread.currentThread();
        long now = System.nanoTime();
        startedNanos = now;
        call = now;
    }

    /** The method returned or threw; returns whether the watchdog interrupted it for the timeout. */
    boolean endCall() {
        while (true) {
            long c = call;
            if (c == INTERRUPTING) {
                Thread.onSpinWait(); // the watchdog is between its decision and its interrupt: a few µs at most
                continue;
            }
            if (CALL.compareAndSet(this, c, IDLE)) {
                return c == INTERRUPTED;
            }
        }
    }

    /** Time left for the current delivery's stage; may be negative. */
    long nanosLeft() {
        return startedNanos + timeoutNanos - System.nanoTime();
    }

    ProcessingTimeoutException timeout(String what) {
        return new ProcessingTimeoutException("processing timeout after " + timeoutMs + " ms: " + what);
    }

    // ---- the watchdog ----

    /** Interrupts a call that outlived the timeout; reports once a call that ignores the interrupt. */
    void check(long now) {
        long c = call;
        if (c == INTERRUPTED) {
            if (!reportedStuck && now - interruptedAtNanos > Math.max(timeoutNanos, TimeUnit.SECONDS.toNanos(1))) {
                reportedStuck = true;
                reportStuck();
            }
            return;
        }
        if (c == IDLE || c == INTERRUPTING || now - c < timeoutNanos) {
            return;
        }
        if (!CALL.compareAndSet(this, c, INTERRUPTING)) {
            return; // it just ended
        }
        Thread t = thread;
        interruptedAtNanos = now;
        reportedStuck = false;
        try {
            LOG.warning(() -> name + ": a call is still running after the processing timeout of " + timeoutMs
                    + " ms; interrupting " + t.getName() + ". The delivery counts as failed.");
            t.interrupt();
        } finally {
            call = INTERRUPTED;
        }
    }

    private void reportStuck() {
        Thread t = thread;
        Throwable where = new Throwable("stack of " + t.getName());
        where.setStackTrace(t.getStackTrace());
        Failures.log(LOG, Level.SEVERE, name + ": the method ignores the interrupt sent at its processing timeout of "
                + timeoutMs + " ms; its thread and slot stay taken until it returns, then the delivery counts as"
                + " failed", where);
    }
}
