package io.redstreams.impl.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.GroupInfo;
import io.redstreams.PendingSummary;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * The consumer-group gauges that need Redis (pending, lag, oldest pending age), sampled at an interval on one engine
 * thread ({@code redstreams-metrics-sampler}), never per scrape: per round one {@code TIME}, one {@code XINFO GROUPS}
 * per stream and one {@code XPENDING stream group} (summary) per group, on a connection of its own
 * ({@code <client-name>-metrics}). A scrape reads the last sample. While Redis cannot be reached the samples are
 * dropped (gauges read "unknown"), not kept stale. The thread starts at the first read of a sample (the first
 * scrape), so an application whose registry is never scraped sends no command for it; a command the user may not
 * run (ACL) is logged once as a warning.
 *
 * <p>Thread-safe. Stopped with the engine.
 */
public final class GroupGauges implements Runnable {

    private static final Logger LOG = Logger.getLogger(GroupGauges.class.getName());

    /**
     * One group as last sampled.
     *
     * @param pending                  entries delivered and not acknowledged (XPENDING count)
     * @param lag                      entries not delivered to the group yet (XINFO GROUPS {@code lag}, Redis 7.0+);
     *                                 {@code null} when Redis cannot tell
     * @param oldestPendingAgeSeconds  Redis time now minus the time part of the lowest pending id, in seconds; 0 when
     *                                 nothing is pending
     */
    public record Sample(long pending, Long lag, double oldestPendingAgeSeconds) {
    }

    private final Supplier<List<String[]>> groups;
    private final Supplier<RedisConnectionPool> pools;
    private final long intervalMs;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final Runnable starter;
    private RedisConnectionPool pool;
    private boolean deniedLogged;

    /**
     * @param groups the stream and group of every consumer now ({@code [stream, group]})
     * @param pools  opens the sampler's pool, on its thread, on first use
     * @param starter runs this sampler on a thread of the engine; called once, at the first read of a sample
     */
    GroupGauges(Supplier<List<String[]>> groups, Supplier<RedisConnectionPool> pools, long intervalMs,
                Runnable starter) {
        this.starter = starter;
        this.groups = groups;
        this.pools = pools;
        this.intervalMs = intervalMs;
    }

    /** The last sample of {@code stream}'s {@code group}, or {@code null} (not sampled yet, or Redis unreachable). */
    public Sample sample(String stream, String group) {
        if (!started.get() && started.compareAndSet(false, true)) {
            try {
                starter.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "redstreams: could not start sampling the consumer-group gauges: " + e, e);
            }
        }
        return samples.get(stream + '\u0000' + group);
    }

    /** The sampling interval, ms. */
    public long intervalMs() {
        return intervalMs;
    }

    @Override
    public void run() {
        try {
            do {
                try {
                    sampleOnce();
                } catch (RedisCommandException e) {
                    samples.clear();
                    if (e.isAccessDenied() && !deniedLogged) {
                        deniedLogged = true;
                        LOG.warning(() -> "redstreams: the consumer-group gauges (lag, pending, oldest pending age) need"
                                + " TIME, XINFO GROUPS and XPENDING on the consumed streams; Redis refused: "
                                + e.getMessage() + ". They read NaN until the ACL allows them"
                                + " (or set redstreams.metrics.enabled=false)");
                    } else {
                        LOG.log(Level.FINE, "redstreams: could not sample the consumer-group gauges: " + e, e);
                    }
                } catch (Throwable t) {
                    samples.clear();
                    LOG.log(Level.FINE, "redstreams: could not sample the consumer-group gauges: " + t, t);
                }
            } while (!stop.await(intervalMs, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** One round over every group of the running consumers. */
    void sampleOnce() {
        Set<String> streams = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (String[] g : groups.get()) {
            streams.add(g[0]);
            keys.add(g[0] + '\u0000' + g[1]);
        }
        if (keys.isEmpty()) {
            samples.clear();
            return;
        }
        if (pool == null) {
            pool = pools.get();
        }
        try (RedisConnection c = pool.acquire()) {
            long now = c.serverTimeMs();
            for (String stream : streams) {
                for (GroupInfo info : c.groups(stream)) {
                    String key = stream + '\u0000' + info.name();
                    if (!keys.contains(key)) {
                        continue;
                    }
                    PendingSummary pending = c.pendingSummary(stream, info.name());
                    samples.put(key, new Sample(pending.count(), info.lag(), age(now, pending.lowestId())));
                }
            }
        }
        samples.keySet().retainAll(keys);
    }

    private static double age(long nowMs, String lowestId) {
        if (lowestId == null) {
            return 0;
        }
        int dash = lowestId.indexOf('-');
        try {
            long ms = Long.parseLong(dash < 0 ? lowestId : lowestId.substring(0, dash));
            return Math.max(0, nowMs - ms) / 1000.0;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    void stop() {
        stop.countDown();
    }
}
