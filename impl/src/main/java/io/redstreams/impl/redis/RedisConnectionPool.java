package io.redstreams.impl.redis;

import java.time.Duration;
import java.util.NoSuchElementException;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import redis.clients.jedis.Jedis;

/**
 * A pool of {@link RedisConnection}s of one role (Apache Commons Pool 2). Every connection is
 * named {@code <clientName>-<role>}. A connection that broke is discarded when it is given back,
 * never handed out again.
 *
 * <p>No evictor runs: it would start a timer thread that outlives an undeployed application.
 */
public final class RedisConnectionPool implements AutoCloseable {

    private final GenericObjectPool<JedisRedisConnection> pool;
    private final RedisSettings settings;
    private final String role;

    /**
     * @param role            the suffix of the client name, e.g. {@code producer}
     * @param maxConnections  how many connections may be open at once
     * @param socketTimeoutMs the read timeout of each connection
     */
    public RedisConnectionPool(RedisSettings settings, String role, int maxConnections, int socketTimeoutMs) {
        this.settings = settings;
        this.role = role;
        JedisConnectionFactory factory = new JedisConnectionFactory(settings);
        String endpoint = settings.endpoint().toString();
        GenericObjectPoolConfig<JedisRedisConnection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(maxConnections);
        config.setMaxIdle(maxConnections);
        config.setMinIdle(0);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(Duration.ofMillis(Math.max(1000, settings.timeoutMs())));
        config.setJmxEnabled(false);
        config.setLifo(true);
        this.pool = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
            @Override
            public JedisRedisConnection create() {
                return new JedisRedisConnection(factory.open(role, socketTimeoutMs), endpoint);
            }

            @Override
            public PooledObject<JedisRedisConnection> wrap(JedisRedisConnection connection) {
                return new DefaultPooledObject<>(connection);
            }

            @Override
            public void destroyObject(PooledObject<JedisRedisConnection> p) {
                p.getObject().destroy();
            }

            @Override
            public boolean validateObject(PooledObject<JedisRedisConnection> p) {
                return !p.getObject().isBroken();
            }
        }, config);
        // No testOnReturn: giveBack() already discards broken connections, without the pool's bookkeeping.
    }

    /**
     * Borrows a connection; {@link RedisConnection#close()} gives it back.
     *
     * @throws RedisConnectionException when Redis cannot be reached or the pool stays exhausted
     * @throws RedisCommandException    when Redis refuses the credentials
     */
    public RedisConnection acquire() {
        try {
            JedisRedisConnection connection = pool.borrowObject();
            connection.returnTo(this::giveBack);
            return connection;
        } catch (RedisConnectionException | RedisCommandException e) {
            throw e;
        } catch (NoSuchElementException e) {
            throw new RedisConnectionException("No " + role + " connection to Redis at " + settings.endpoint()
                    + " became free within " + pool.getMaxWaitDuration().toMillis() + " ms (pool size "
                    + pool.getMaxTotal() + ")", null);
        } catch (Exception e) {
            throw new RedisConnectionException("Cannot open a " + role + " connection to Redis at "
                    + settings.endpoint() + ": " + e.getMessage(), null);
        }
    }

    private void giveBack(JedisRedisConnection connection) {
        connection.returnTo(null);
        if (connection.isBroken()) {
            try {
                pool.invalidateObject(connection);
            } catch (Exception ignored) {
                // already destroyed
            }
        } else {
            pool.returnObject(connection);
        }
    }

    /** Connections currently lent out. */
    public int active() {
        return pool.getNumActive();
    }

    /** Connections currently open (lent out or idle). */
    public int open() {
        return pool.getNumActive() + pool.getNumIdle();
    }

    /** Closes the idle connections; the pool stays usable. */
    public void clearIdle() {
        pool.clear();
    }

    /** Closes idle connections now and the lent ones as they come back. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "RedisConnectionPool[" + role + ", " + settings.endpoint() + ", active=" + pool.getNumActive()
                + ", idle=" + pool.getNumIdle() + "]";
    }

    /** Opens one connection outside any pool, e.g. for a single check at startup. */
    public static RedisConnection single(RedisSettings settings, String role) {
        Jedis jedis = new JedisConnectionFactory(settings).open(role, settings.timeoutMs());
        return new JedisRedisConnection(jedis, settings.endpoint().toString());
    }
}
