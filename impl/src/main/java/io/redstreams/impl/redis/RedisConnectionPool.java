package io.redstreams.impl.redis;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * A pool of {@link RedisConnection}s of one role (Apache Commons Pool 2). Every connection is
 * named {@code <clientName>-<role>}. A connection that broke is discarded when it is given back,
 * never handed out again. A connection that answered "wrong or unavailable server" ({@code READONLY}
 * ...; see {@link ServerReplies}) also closes the idle ones: they most likely reach the same old
 * server. On borrow, a connection idle at least {@link RedisSettings#validateIdleMs()}, or idle since
 * before another one broke, is checked with PING; one in steady use is lent without a round trip.
 * Thread-safe.
 *
 * <p>No evictor runs: it would start a timer thread that outlives an undeployed application.
 */
public final class RedisConnectionPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisConnectionPool.class.getName());

    private final GenericObjectPool<JedisRedisConnection> pool;
    private final RedisSettings settings;
    private final String role;
    private volatile String serverVersion;
    private volatile boolean versionKnown;
    // When a lent connection last broke: the idle ones, last used before it, may have broken with it.
    private volatile long lastBreakNanos = System.nanoTime();
    // Sentinel only: the master as the sentinels see it, and every open connection, to retire them on a switch.
    private final SentinelTopology topology;
    // Cluster only: the slot map and the per-node pools; then pool is null.
    private final ClusterTopology cluster;
    private final Set<JedisRedisConnection> live = ConcurrentHashMap.newKeySet();

    /**
     * @param role            the suffix of the client name, e.g. {@code producer}
     * @param maxConnections  how many connections may be open at once
     * @param socketTimeoutMs the read timeout of each connection
     */
    public RedisConnectionPool(RedisSettings settings, String role, int maxConnections, int socketTimeoutMs) {
        this(settings, role, maxConnections, socketTimeoutMs, false);
    }

    /**
     * With {@code clusterNode}, a pool of connections to one node of a Redis Cluster ({@code settings} for that
     * node): {@code MOVED}/{@code ASK} are redirects for {@link ClusterConnection}, not a wrong server. Otherwise,
     * when the settings name a cluster, the pool lends {@link ClusterConnection}s over per-node pools.
     */
    RedisConnectionPool(RedisSettings settings, String role, int maxConnections, int socketTimeoutMs,
                        boolean clusterNode) {
        this.settings = settings;
        this.role = role;
        if (settings.cluster() != null && !clusterNode) {
            this.cluster = new ClusterTopology(settings, role, maxConnections, socketTimeoutMs);
            this.topology = null;
            this.pool = null;
            return;
        }
        this.cluster = null;
        JedisConnectionFactory factory = new JedisConnectionFactory(settings);
        this.topology = factory.topology();
        GenericObjectPoolConfig<JedisRedisConnection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(maxConnections);
        config.setMaxIdle(maxConnections);
        config.setMinIdle(0);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(Duration.ofMillis(Math.max(1000, settings.timeoutMs())));
        config.setJmxEnabled(false);
        config.setLifo(true);
        // On borrow: validateObject below (cheap unless the connection was idle). commons-pool destroys a connection
        // that fails it and tries the next idle one, or opens a new one.
        config.setTestOnBorrow(true);
        this.pool = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
            @Override
            public JedisRedisConnection create() {
                // The version is read with the first connection, and again after the server behind the address
                // changed (a wrong-server reply clears it).
                boolean readVersion = !versionKnown;
                JedisConnectionFactory.Opened opened = factory.open(role, socketTimeoutMs, readVersion);
                if (readVersion) {
                    versionKnown = true;
                    noteVersion(opened.serverVersion());
                }
                JedisRedisConnection connection = new JedisRedisConnection(opened.jedis(), opened.where(),
                        opened.serverVersion(), opened.generation(), settings.waitReplicas(), settings.waitTimeoutMs());
                if (clusterNode) {
                    connection.clusterNode();
                }
                live.add(connection);
                if (stale(connection)) { // the master switched while it was opened
                    connection.retire();
                }
                return connection;
            }

            @Override
            public PooledObject<JedisRedisConnection> wrap(JedisRedisConnection connection) {
                return new DefaultPooledObject<>(connection);
            }

            @Override
            public void destroyObject(PooledObject<JedisRedisConnection> p) {
                live.remove(p.getObject());
                p.getObject().destroy();
            }

            @Override
            public boolean validateObject(PooledObject<JedisRedisConnection> p) {
                JedisRedisConnection c = p.getObject();
                if (c.isBroken() || stale(c)) {
                    return false;
                }
                // Only a connection idle for a while may have died unseen (CLIENT KILL, idle timeout of Redis or
                // of a proxy, a restart); a busy one is lent without a round trip.
                // A connection idle since before another one broke is checked too: a restart, a proxy or a
                // network failure usually takes them all.
                if (c.idleMillis() >= settings.validateIdleMs() || c.idleSince() - lastBreakNanos < 0) {
                    return c.ping();
                }
                return true;
            }
        }, config);
        // No testOnReturn: giveBack() already discards broken connections, without the pool's bookkeeping.
        if (topology != null) {
            topology.watch(role, this::masterSwitched);
        }
    }

    /** Whether the connection was opened before the sentinels last switched the master. */
    private boolean stale(JedisRedisConnection c) {
        return topology != null && c.generation() != topology.generation();
    }

    /**
     * {@code +switch-master}: the old master stays writable for a while, and what it confirms now is lost when it
     * becomes a replica. Every connection to it refuses further commands at once (lent ones too: their next
     * command fails as "not sent", like any lost connection) and the idle ones are closed.
     */
    private void masterSwitched() {
        for (JedisRedisConnection c : live) {
            if (stale(c)) {
                c.retire();
            }
        }
        versionKnown = false;
        lastBreakNanos = System.nanoTime();
        pool.clear();
    }

    private void noteVersion(String version) {
        String previous = serverVersion;
        serverVersion = version;
        if (version != null && !version.equals(previous)) {
            LOG.fine(() -> "redstreams: Redis at " + settings.target() + " runs version " + version);
            if (JedisConnectionFactory.atLeast(version, 8, 6)) {
                LOG.info(() -> "redstreams: Redis at " + settings.target() + " (" + version + ") offers a native"
                        + " idempotent XADD (IDMP); redstreams' idempotent sends still use their Lua script");
            }
        }
    }

    /**
     * Borrows a connection; {@link RedisConnection#close()} gives it back.
     *
     * @throws RedisConnectionException when Redis cannot be reached or the pool stays exhausted
     * @throws RedisCommandException    when Redis refuses the credentials
     */
    public RedisConnection acquire() {
        if (cluster != null) {
            return new ClusterConnection(cluster);
        }
        return acquireNode();
    }

    /** A connection of this pool itself (not a cluster's routing one). */
    JedisRedisConnection acquireNode() {
        try {
            JedisRedisConnection connection = pool.borrowObject();
            connection.returnTo(this::giveBack);
            return connection;
        } catch (RedisConnectionException | RedisCommandException e) {
            throw e;
        } catch (NoSuchElementException e) {
            // nothing was sent: the caller may try again
            throw new RedisConnectionException("No " + role + " connection to Redis at " + settings.target()
                    + " became free within " + pool.getMaxWaitDuration().toMillis() + " ms (pool size "
                    + pool.getMaxTotal() + ")" + (e.getMessage() != null && e.getMessage().contains("validate")
                    ? ": a new connection failed its check" : ""), null, true);
        } catch (Exception e) {
            throw new RedisConnectionException("Cannot open a " + role + " connection to Redis at "
                    + settings.target() + ": " + e.getMessage(), null, true);
        }
    }

    private void giveBack(JedisRedisConnection connection) {
        connection.returnTo(null);
        if (connection.isBroken() || stale(connection)) {
            lastBreakNanos = System.nanoTime();
            try {
                pool.invalidateObject(connection);
            } catch (Exception ignored) {
                // already destroyed
            }
            if (connection.talksToWrongServer()) {
                // The server behind this address changed role (failover behind a DNS name or proxy): the idle
                // connections most likely talk to the same old server. Close them; new ones reach the new one.
                versionKnown = false;
                pool.clear();
            }
        } else {
            connection.idleFromNow();
            pool.returnObject(connection);
        }
    }

    /** Connections currently lent out. */
    public int active() {
        if (cluster != null) {
            return cluster.active();
        }
        return pool.getNumActive();
    }

    /** Most connections open at once. */
    public int max() {
        return pool.getMaxTotal();
    }

    /** Connections currently open (lent out or idle). */
    public int open() {
        if (cluster != null) {
            return cluster.open();
        }
        return pool.getNumActive() + pool.getNumIdle();
    }

    /**
     * The {@code redis_version} of the server ({@code INFO server}, read as the pool opens its first
     * connection, and again after a wrong-server reply); {@code null} before that or when the user may not
     * run INFO.
     */
    public String serverVersion() {
        if (cluster != null) {
            return cluster.serverVersion();
        }
        return serverVersion;
    }

    /** Closes the idle connections; the pool stays usable. */
    public void clearIdle() {
        if (cluster != null) {
            cluster.clearIdle();
            return;
        }
        pool.clear();
    }

    /** Closes idle connections now and the lent ones as they come back. */
    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
            return;
        }
        try {
            pool.close();
        } finally {
            if (topology != null) {
                topology.close();
            }
        }
    }

    @Override
    public String toString() {
        if (cluster != null) {
            return "RedisConnectionPool[" + role + ", " + cluster + "]";
        }
        return "RedisConnectionPool[" + role + ", " + settings.target() + ", active=" + pool.getNumActive()
                + ", idle=" + pool.getNumIdle() + "]";
    }

    /** Opens one connection outside any pool, e.g. for a single check at startup. */
    public static RedisConnection single(RedisSettings settings, String role) {
        if (settings.cluster() != null) {
            // one connection per node, opened as commands need them, closed with it; the slot map is read now
            ClusterTopology topology = new ClusterTopology(settings, role, 1, settings.timeoutMs());
            try {
                topology.refresh(System.nanoTime());
            } catch (RuntimeException e) {
                topology.close();
                throw e;
            }
            return new ClusterConnection(topology, true);
        }
        JedisConnectionFactory.Opened opened = new JedisConnectionFactory(settings).open(role, settings.timeoutMs(), false);
        return new JedisRedisConnection(opened.jedis(), opened.where(), opened.serverVersion(), 0,
                settings.waitReplicas(), settings.waitTimeoutMs());
    }
}
