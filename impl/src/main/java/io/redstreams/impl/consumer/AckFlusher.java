package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.engine.EngineSignals;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * Sends acknowledgements in batches: after the first ack arrives, the loop waits until {@value #LINGER_BATCH} are
 * queued or {@value #LINGER_MILLIS} ms have passed (or a stop is asked for), then sends what it has as one XACK per
 * stream and group. So a busy consumer pays about one XACK per {@value #LINGER_BATCH} messages, or per
 * {@value #LINGER_MILLIS} ms of work, instead of one per few messages, and this thread wakes at most once per
 * batch. The wait delays only the XACK, never a message: until then the entries stay pending (a crash in between
 * delivers them again, as any unacknowledged entry).
 *
 * <p>Each stream and group is acknowledged on its own: when Redis refuses one group's XACK (wrong type, no
 * permission, ...), only that group's acks wait; the others go out as usual. A refused XACK is tried
 * {@value #COMMAND_TRIES} times in all, with backoff, then dropped with one log line: those entries stay pending and
 * are delivered again later (at least once, never lost). {@code NOGROUP} drops them at once (the group is gone, so is
 * its pending list). When the connection fails, every ack is kept and sent again after a backoff: XACK is idempotent.
 * An id leaves its consumer's in-flight set when its XACK was sent or dropped. The memory for unsent acks is bounded
 * by the consumers, which stop reading while too many of their ids are in flight.
 */
final class AckFlusher implements Runnable {

    private static final Logger LOG = Logger.getLogger(AckFlusher.class.getName());
    private static final int MAX_BATCH = 10_000;
    /** Queued acks that end the wait for more at once. */
    static final int LINGER_BATCH = 256;
    /** The longest an ack waits for others to share its XACK. */
    static final long LINGER_MILLIS = 50;
    private static final long LINGER_NANOS = LINGER_MILLIS * 1_000_000L;
    /** How often a refused XACK of one group is sent in all before its acks are dropped. */
    static final int COMMAND_TRIES = 3;
    private static final long FIRST_COMMAND_BACKOFF_MS = 100;

    /**
     * One entry to acknowledge, and the in-flight set of its consumer: the id stays there until
     * the XACK went out, so a reconnect in between does not deliver the entry again.
     */
    record Ack(String stream, String group, String id, Set<String> inFlight) {
    }

    /** The unsent acks of one stream and group, and how its XACK fared. Only the loop thread touches it. */
    private static final class GroupAcks {
        final String stream;
        final String group;
        final List<Ack> acks = new ArrayList<>();
        int refusals;
        long notBefore;
        /** The error last logged for this group, so that a group refused again and again logs once. */
        String loggedError;

        GroupAcks(String stream, String group) {
            this.stream = stream;
            this.group = group;
        }
    }

    private final LinkedBlockingQueue<Ack> queue = new LinkedBlockingQueue<>();
    /** By stream and group; kept once seen (there are as many as consumers), so a refusal is logged once. */
    private final Map<String, GroupAcks> groups = new LinkedHashMap<>();
    private final List<Ack> drained = new ArrayList<>();
    private final RedisConnectionPool pool;
    private final long maxBackoffMs;
    private final OutageLog outage = new OutageLog("redstreams acknowledgements");
    private volatile boolean running = true;
    /** The loop's thread while it lingers for more acks (woken when enough are queued, or on stop), else null. */
    private volatile Thread lingering;
    /** The group of the last ack taken: a consumer's acks come in runs, so the map is seldom needed. */
    private GroupAcks lastGroup;
    private long connectionBackoff = 50;
    private long connectionNotBefore;

    private final EngineSignals signals;

    AckFlusher(RedisConnectionPool pool, long maxBackoffMs, EngineSignals signals) {
        this.pool = pool;
        this.signals = signals;
        this.maxBackoffMs = maxBackoffMs;
    }

    void ack(String stream, String group, String id, Set<String> inFlight) {
        queue.add(new Ack(stream, group, id, inFlight));
        Thread t = lingering;
        if (t != null && queue.size() >= LINGER_BATCH) {
            lingering = null; // one wake-up is enough: the acks after this one need not unpark again
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        while (running || !queue.isEmpty() || hasUnsent()) {
            try {
                if (!hasDue(System.currentTimeMillis())) {
                    Ack first = queue.poll(pollMillis(System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        take(first);
                        linger();
                    }
                }
                queue.drainTo(drained, MAX_BATCH);
                for (Ack a : drained) {
                    take(a);
                }
                drained.clear();
                flushDue(System.currentTimeMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "redstreams: unexpected failure while acknowledging; continuing", e);
            }
        }
    }

    /**
     * Waits for more acks to share the XACK: until {@value #LINGER_BATCH} are queued, {@value #LINGER_MILLIS} ms
     * passed, or {@link #stop()}. Delays only the XACK.
     */
    private void linger() {
        long deadline = System.nanoTime() + LINGER_NANOS;
        lingering = Thread.currentThread();
        try {
            long left;
            while (running && queue.size() < LINGER_BATCH && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
                if (Thread.currentThread().isInterrupted()) {
                    return; // the poll in the loop sees it
                }
            }
        } finally {
            lingering = null;
        }
    }

    private void take(Ack a) {
        GroupAcks g = lastGroup;
        if (g == null || !g.stream.equals(a.stream()) || !g.group.equals(a.group())) {
            String key = a.stream() + '\u0000' + a.group();
            g = groups.get(key);
            if (g == null) {
                g = new GroupAcks(a.stream(), a.group());
                groups.put(key, g);
            }
            lastGroup = g;
        }
        g.acks.add(a);
    }

    private boolean hasUnsent() {
        for (GroupAcks g : groups.values()) {
            if (!g.acks.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private boolean hasDue(long now) {
        if (now < connectionNotBefore) {
            return false;
        }
        for (GroupAcks g : groups.values()) {
            if (!g.acks.isEmpty() && g.notBefore <= now) {
                return true;
            }
        }
        return false;
    }

    /** How long to wait for a new ack: until the next group's retry is due, at most 100 ms. */
    private long pollMillis(long now) {
        long next = now + 100;
        for (GroupAcks g : groups.values()) {
            if (!g.acks.isEmpty()) {
                next = Math.min(next, Math.max(g.notBefore, connectionNotBefore));
            }
        }
        return Math.max(1, next - now);
    }

    /** Sends one XACK per group whose acks are due; a refusal or broken connection holds back only what it must. */
    private void flushDue(long now) {
        if (now < connectionNotBefore || !hasDue(now)) {
            return;
        }
        RedisConnection connection;
        try {
            connection = pool.acquire();
        } catch (RedisConnectionException | RedisCommandException e) {
            connectionFailed(e);
            return;
        }
        try {
            for (GroupAcks g : groups.values()) {
                if (g.acks.isEmpty() || g.notBefore > now) {
                    continue;
                }
                List<String> ids = new ArrayList<>(g.acks.size());
                for (Ack a : g.acks) {
                    ids.add(a.id());
                }
                try {
                    connection.ack(g.stream, g.group, ids);
                    signals.acked(g.stream, g.group, ids.size());
                    sent(g);
                    g.refusals = 0;
                    g.loggedError = null;
                } catch (RedisCommandException e) {
                    refused(g, e, now);
                }
            }
            outage.recovered();
            connectionBackoff = 50;
        } catch (RedisConnectionException e) {
            connectionFailed(e);
        } finally {
            connection.close();
        }
    }

    private void connectionFailed(RuntimeException e) {
        if (!running) {
            int n = 0;
            for (GroupAcks g : groups.values()) {
                n += g.acks.size();
                sent(g);
            }
            int unsent = n;
            LOG.warning(() -> "redstreams: " + unsent + " acknowledgements not sent at shutdown (" + e.getMessage()
                    + "); those entries stay pending and will be delivered again");
            return;
        }
        outage.failed(e.getMessage(), maxBackoffMs);
        connectionNotBefore = System.currentTimeMillis() + connectionBackoff;
        connectionBackoff = Math.min(connectionBackoff * 2, maxBackoffMs);
    }

    private void refused(GroupAcks g, RedisCommandException e, long now) {
        if (e.isNoGroup()) {
            // The stream or group was deleted: its pending list went with it; nothing is left to acknowledge.
            sent(g);
            g.refusals = 0;
            return;
        }
        g.refusals++;
        if (g.refusals < COMMAND_TRIES && running) {
            g.notBefore = now + Backoff.exponential(FIRST_COMMAND_BACKOFF_MS, maxBackoffMs, g.refusals);
            return;
        }
        int n = g.acks.size();
        String error = e.getMessage();
        Level level = error.equals(g.loggedError) ? Level.FINE : Level.WARNING;
        g.loggedError = error;
        LOG.log(level, () -> "redstreams: dropped " + n + " acknowledgement(s) of stream " + g.stream + ", group "
                + g.group + " after " + COMMAND_TRIES + " refused XACKs (" + error + "); those entries stay pending"
                + " and will be delivered again");
        sent(g);
        g.refusals = 0;
        g.notBefore = 0;
    }

    /** The acks of the group are done with (sent or dropped): their ids leave the in-flight sets. */
    private static void sent(GroupAcks g) {
        for (Ack a : g.acks) {
            a.inFlight().remove(a.id());
        }
        g.acks.clear();
    }

    /** Asks the loop to end once everything queued is sent (or sending fails). */
    void stop() {
        running = false;
        Thread t = lingering;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
