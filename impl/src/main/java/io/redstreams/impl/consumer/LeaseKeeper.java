package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * One loop per engine, on a thread of its own (never a worker or handler thread, which may be inside a slow method):
 * <ul>
 *   <li>the lease: every {@code lease-interval-ms}, refreshes the idle time of every entry each consumer holds
 *       (queued, running, waiting on a stage, for a retry, a dead-letter write or its acknowledgement) with one Lua
 *       script per consumer that claims ({@code XCLAIM ... JUSTID}: no delivery counted) only the ids still pending
 *       for that consumer, so an entry a sibling has reclaimed meanwhile is never taken back. A live consumer's
 *       entries therefore never reach {@code reclaim-min-idle-ms}; only those of dead or stopped consumers do;</li>
 *   <li>the cleanup: now and then deletes the consumers of our groups that are idle longer than
 *       {@code cleanup-idle-ms} and hold no pending entry (checked and deleted atomically in Lua); never our own.</li>
 * </ul>
 * Failures are logged and retried on the next round; nothing here ends the loop.
 */
final class LeaseKeeper implements Runnable {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());
    private static final int IDS_PER_SCRIPT = 1000;
    private static final long MAX_CLEANUP_INTERVAL_MS = 600_000;

    private final List<ConsumerWorker> workers;
    private final ConsumerSettings settings;
    private final RedisConnectionPool pool;
    private final OutageLog outage = new OutageLog("redstreams lease");
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean running = true;
    private long nextCleanup;

    LeaseKeeper(List<ConsumerWorker> workers, ConsumerSettings settings, RedisConnectionPool pool) {
        this.workers = List.copyOf(workers);
        this.settings = settings;
        this.pool = pool;
    }

    @Override
    public void run() {
        while (running) {
            try {
                renew();
                if (settings.cleanupIdleMs() > 0 && System.currentTimeMillis() >= nextCleanup) {
                    cleanUp();
                    nextCleanup = System.currentTimeMillis() + cleanupIntervalMs();
                }
                outage.recovered();
            } catch (RedisConnectionException | RedisCommandException e) {
                outage.failed(e.getMessage(), settings.leaseIntervalMs());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "redstreams: unexpected failure in the lease loop; continuing", e);
            }
            long wait = settings.leaseIntervalMs();
            if (settings.cleanupIdleMs() > 0) {
                wait = Math.max(1, Math.min(wait, nextCleanup - System.currentTimeMillis()));
            }
            try {
                stopSignal.await(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long cleanupIntervalMs() {
        return Math.max(100, Math.min(settings.cleanupIdleMs() / 2, MAX_CLEANUP_INTERVAL_MS));
    }

    /** One round of the lease over every consumer. */
    private void renew() {
        List<ConsumerWorker> holding = new ArrayList<>();
        for (ConsumerWorker w : workers) {
            if (w.holdsEntries()) {
                holding.add(w);
            }
        }
        // Borrowed even with nothing to lease: the open connection's client name tells other instances that this
        // consumer name is in use.
        try (RedisConnection connection = pool.acquire()) {
            for (ConsumerWorker w : holding) {
                List<String> ids = w.heldIds();
                ConsumerSpec spec = w.spec();
                try {
                    for (int from = 0; from < ids.size(); from += IDS_PER_SCRIPT) {
                        connection.keepOwned(spec.stream(), spec.group(), w.consumerName(),
                                ids.subList(from, Math.min(ids.size(), from + IDS_PER_SCRIPT)));
                    }
                } catch (RedisCommandException e) {
                    // The stream or group is gone or broken: its worker says so; the others are leased on.
                    LOG.fine(() -> spec.name() + ": lease not renewed: " + e.getMessage());
                }
            }
        }
    }

    /** Deletes idle consumers without pending entries from each of our groups, never our own. */
    private void cleanUp() {
        Map<String, Set<String>> ours = new LinkedHashMap<>();
        Map<String, ConsumerSpec> specs = new LinkedHashMap<>();
        for (ConsumerWorker w : workers) {
            String key = w.spec().stream() + '\u0000' + w.spec().group();
            ours.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(w.consumerName());
            specs.putIfAbsent(key, w.spec());
        }
        try (RedisConnection connection = pool.acquire()) {
            for (Map.Entry<String, ConsumerSpec> e : specs.entrySet()) {
                ConsumerSpec spec = e.getValue();
                try {
                    List<String> deleted = connection.deleteIdleConsumers(spec.stream(), spec.group(),
                            settings.cleanupIdleMs(), ours.get(e.getKey()));
                    if (!deleted.isEmpty()) {
                        LOG.info(() -> "redstreams: deleted " + deleted.size() + " consumer(s) of group "
                                + spec.group() + " on " + spec.stream() + " idle for over " + settings.cleanupIdleMs()
                                + " ms with no pending entries: " + deleted);
                    }
                } catch (RedisCommandException ex) {
                    LOG.fine(() -> spec.name() + ": no consumer cleanup: " + ex.getMessage());
                }
            }
        }
    }

    void stop() {
        running = false;
        stopSignal.countDown();
    }
}
