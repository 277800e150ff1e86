package io.redstreams.impl.consumer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the consumer loops (workers and handler loops) alive: a loop that ends by a throwable, or returns, while
 * the consumers still run is logged at SEVERE, counted ({@link #restarts()}, for a later liveness signal) and run
 * again on the same thread after a short pause (100 ms, doubling to 5 s while it keeps dying at once). A loop that
 * ends because its thread was interrupted while running is a host taking its thread back (a WorkManager releasing
 * its work): it is logged and not restarted; neither is a loop of a consumer that no longer runs.
 */
final class LoopSupervisor {

    private static final Logger LOG = Logger.getLogger(LoopSupervisor.class.getName());
    private static final long FIRST_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 5000;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    /** Loops not running now (died and waiting to restart, or ended for good), by loop name. */
    private final Map<String, Down> down = new ConcurrentHashMap<>();

    private record Down(String owner, String why) {
    }

    /**
     * The loop, supervised.
     *
     * @param alive whether the loop's consumer still runs; a loop of a consumer that stopped is not restarted
     */
    Runnable supervise(String name, Runnable loop, BooleanSupplier alive) {
        return supervise(name, name, loop, alive);
    }

    /**
     * The loop, supervised; {@code owner} (a consumer's spec name) is what {@link #down(String)} asks by.
     *
     * @param alive whether the loop's consumer still runs; a loop of a consumer that stopped is not restarted
     */
    Runnable supervise(String owner, String name, Runnable loop, BooleanSupplier alive) {
        return () -> {
            long pause = FIRST_PAUSE_MS;
            while (true) {
                long began = System.nanoTime();
                Throwable died = null;
                down.remove(name);
                try {
                    loop.run();
                } catch (Throwable t) {
                    died = t;
                }
                if (stopped.getCount() == 0 || !alive.getAsBoolean()) {
                    return;
                }
                if (died == null && Thread.currentThread().isInterrupted()) {
                    released.incrementAndGet();
                    down.put(name, new Down(owner, "its thread was taken back by the host; the loop ended"));
                    LOG.warning(() -> name + ": its thread was interrupted by the host while the consumers run;"
                            + " the loop ends (the host takes its thread back)");
                    return;
                }
                restarts.incrementAndGet();
                down.put(name, new Down(owner, (died == null ? "ended" : "died (" + died + ")") + "; restarting it"));
                Failures.log(LOG, Level.SEVERE, name + ": the consumer loop "
                        + (died == null ? "ended" : "died") + " while the consumers run; restarting it in "
                        + pause + " ms", died);
                if (System.nanoTime() - began > TimeUnit.SECONDS.toNanos(30)) {
                    pause = FIRST_PAUSE_MS; // it ran a good while: a fresh incident
                }
                try {
                    if (stopped.await(pause, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                Thread.interrupted(); // a stray interrupt must not end the restarted loop at once
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        };
    }

    /** The consumers stop: loops that end from now on are not restarted. */
    void stop() {
        stopped.countDown();
    }

    /** Why a loop of {@code owner} is not running now, or {@code null} when all of its loops run. */
    String down(String owner) {
        for (Map.Entry<String, Down> e : down.entrySet()) {
            if (e.getValue().owner().equals(owner)) {
                return "loop " + e.getKey() + " " + e.getValue().why();
            }
        }
        return null;
    }

    /** How many times a loop died or ended unexpectedly and was restarted. */
    long restarts() {
        return restarts.get();
    }

    /** How many loops ended because their host interrupted their thread while the consumers ran. */
    long released() {
        return released.get();
    }
}
