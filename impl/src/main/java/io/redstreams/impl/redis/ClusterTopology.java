package io.redstreams.impl.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * One pool's view of a Redis Cluster: the slot map ({@code CLUSTER SLOTS}) and a bounded pool of named connections
 * per node ({@code <client-name>-<role>}, like every other connection). The map is read on a short-lived connection
 * of its own ({@code <client-name>-cluster}). The map is read on first use, again after a
 * connection failure (before the next command is routed), at once after a {@code MOVED} (the slot is changed in
 * place and the full map read again), and every {@value #REFRESH_PERIOD_MS} ms by whichever command is routed then;
 * no thread of its own. The node that answered last is asked first, then the masters of the map, then the seeds.
 * Only one refresh runs at a time: others wait for it (at most twice the connect timeout), holding no lock.
 * Thread-safe.
 *
 * <p>Each node pool holds at most {@code maxConnections}: a {@link ClusterConnection} holds at most one connection
 * per node, so a node never sees more connections of this pool than a single Redis would.
 */
final class ClusterTopology implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterTopology.class.getName());
    /** How often the slot map is read again without a reason, ms. */
    static final long REFRESH_PERIOD_MS = 10_000;
    /** A failure noticed less than this after the last refresh does not read the map again, ms. */
    private static final long MIN_REFRESH_GAP_MS = 100;

    private final RedisSettings settings;
    private final String role;
    private final int maxConnections;
    private final int socketTimeoutMs;
    private final Map<RedisNode, RedisConnectionPool> pools = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<Void>> refreshing = new AtomicReference<>();
    private volatile ClusterSlots slots;
    private volatile long refreshedNanos;
    // when the map was last asked for (successfully or not): the period counts from here
    private volatile long attemptedNanos;
    // the node that answered last: asked first next time
    private volatile RedisNode answered;
    private volatile boolean suspect;
    private volatile boolean closed;
    /** The layout last logged by any topology of this JVM: each pool reads the map, one line says what it is. */
    private static volatile String lastLayout;

    ClusterTopology(RedisSettings settings, String role, int maxConnections, int socketTimeoutMs) {
        this.settings = settings;
        this.role = role;
        this.maxConnections = maxConnections;
        this.socketTimeoutMs = socketTimeoutMs;
    }

    /**
     * The master that owns the slot, reading the map first when there is none yet, a failure made it suspect, or it
     * is older than {@value #REFRESH_PERIOD_MS} ms.
     *
     * @throws RedisConnectionException (not processed) when no node answers or no node owns the slot
     */
    RedisNode owner(int slot) {
        ClusterSlots map = slots;
        if (map == null || suspect) {
            refresh(System.nanoTime());
            map = slots;
        } else if (msSince(attemptedNanos) > REFRESH_PERIOD_MS && refreshing.get() == null) {
            try {
                refresh(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.fine(() -> "redstreams: periodic refresh of the cluster slot map failed: " + e.getMessage());
            }
            map = slots;
        }
        RedisNode owner = map.owner(slot);
        if (owner == null) {
            suspect = true;
            throw new RedisConnectionException("No node of the Redis Cluster (" + settings.target() + ") serves slot "
                    + slot + " now (cluster down or being resharded)", null, true);
        }
        return owner;
    }

    /** A {@code MOVED}: the slot belongs to {@code node} from now on; the whole map is read again soon. */
    void moved(int slot, RedisNode node) {
        ClusterSlots map = slots;
        if (map != null) {
            slots = map.moved(slot, node);
        }
        suspect = true;
    }

    /** A connection failed: the map is read again before the next command is routed. */
    void suspect() {
        suspect = true;
    }

    /** The masters of the current map (read now if there is none). */
    List<RedisNode> masters() {
        if (slots == null || suspect) {
            refresh(System.nanoTime());
        }
        return slots.masters();
    }

    /**
     * Reads the slot map again unless a refresh ended after {@code noticedNanos} (a failure noticed then is already
     * reflected). Asks the known masters, then the seeds, one after the other, until one answers.
     *
     * @throws RedisConnectionException (not processed) when no node answers
     */
    void refresh(long noticedNanos) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = refreshing.compareAndExchange(null, mine);
        if (running != null) {
            awaitOther(running);
            return;
        }
        try {
            if (slots != null && refreshedNanos - noticedNanos > 0) {
                return;
            }
            if (slots != null && !suspect && ageMs() < MIN_REFRESH_GAP_MS) {
                return;
            }
            readMap();
        } finally {
            refreshing.set(null);
            mine.complete(null);
        }
    }

    private void awaitOther(CompletableFuture<Void> running) {
        try {
            running.get(Math.max(1000, settings.timeoutMs()) * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the other refresh failed or hangs: the map stays as it is
        }
        if (slots == null) {
            throw new RedisConnectionException("No node of the Redis Cluster (" + settings.target()
                    + ") could be asked for its slot map", null, true);
        }
    }

    private void readMap() {
        attemptedNanos = System.nanoTime();
        Set<RedisNode> candidates = new LinkedHashSet<>();
        if (answered != null) {
            candidates.add(answered);
        }
        ClusterSlots map = slots;
        if (map != null) {
            candidates.addAll(map.masters());
        }
        candidates.addAll(settings.cluster());
        Reasons last = new Reasons();
        for (RedisNode node : candidates) {
            if (closed) {
                break;
            }
            // A connection of its own, closed at once: one from the node pools may be held by this very thread (a
            // pool of one per node), and a kept one would be an idle connection per pool.
            JedisRedisConnection c = null;
            try {
                c = mapConnection(node);
                ClusterSlots read = ClusterSlots.parse(c.clusterSlots(), node);
                if (read.masters().isEmpty()) {
                    last.note(node, "it serves no slot (cluster not set up?)");
                    continue;
                }
                slots = read;
                answered = node;
                refreshedNanos = System.nanoTime();
                suspect = false;
                String layout = read.masters().toString();
                if (!layout.equals(lastLayout)) {
                    lastLayout = layout;
                    int uncovered = read.uncovered();
                    LOG.info(() -> "redstreams: Redis Cluster masters " + layout + " (asked " + node + ")"
                            + (uncovered > 0 ? "; " + uncovered + " slots not served" : ""));
                }
                return;
            } catch (RedisCommandException e) {
                if (e.isAccessDenied()) {
                    throw e;
                }
                last.note(node, e.getMessage());
            } catch (RedisConnectionException e) {
                last.note(node, e.getMessage());
            } catch (IllegalArgumentException e) {
                last.note(node, e.getMessage());
            } finally {
                if (c != null) {
                    c.destroy();
                }
            }
        }
        throw new RedisConnectionException("Cannot read the slot map of the Redis Cluster (" + settings.target()
                + "): " + last, null, true);
    }

    /** A connection named {@code <client-name>-cluster}, outside the pools, to read the slot map. */
    private JedisRedisConnection mapConnection(RedisNode node) {
        JedisConnectionFactory.Opened opened = new JedisConnectionFactory(settings.forNode(node))
                .open("cluster", settings.timeoutMs(), false);
        return new JedisRedisConnection(opened.jedis(), opened.where());
    }

    private long ageMs() {
        return msSince(refreshedNanos);
    }

    private static long msSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** A connection to {@code node} from its pool (opened on first use). */
    ClusterConnection.Borrowed borrow(RedisNode node) {
        if (closed) {
            throw new RedisConnectionException("The connections to " + settings.target() + " are closed", null, true);
        }
        RedisConnectionPool pool = pools.computeIfAbsent(node, n ->
                new RedisConnectionPool(settings.forNode(n), role, maxConnections, socketTimeoutMs, true));
        return new ClusterConnection.Borrowed(node, pool.acquireNode());
    }

    String target() {
        return settings.target();
    }

    int active() {
        return pools.values().stream().mapToInt(RedisConnectionPool::active).sum();
    }

    int open() {
        return pools.values().stream().mapToInt(RedisConnectionPool::open).sum();
    }

    String serverVersion() {
        for (RedisConnectionPool pool : pools.values()) {
            if (pool.serverVersion() != null) {
                return pool.serverVersion();
            }
        }
        return null;
    }

    void clearIdle() {
        pools.values().forEach(RedisConnectionPool::clearIdle);
    }

    @Override
    public void close() {
        closed = true;
        List<RedisConnectionPool> all = new ArrayList<>(pools.values());
        pools.clear();
        for (RedisConnectionPool pool : all) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterTopology[" + role + ", " + slots + ", open=" + open() + "]";
    }

    /** The reasons each node could not be asked, for one message. */
    private static final class Reasons {
        private final StringBuilder reasons = new StringBuilder();

        void note(RedisNode node, String why) {
            if (reasons.length() > 0) {
                reasons.append("; ");
            }
            reasons.append(node).append(": ").append(why);
        }

        @Override
        public String toString() {
            return reasons.length() == 0 ? "no node to ask" : reasons.toString();
        }
    }
}
