package io.redstreams.ra;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.redstreams.impl.engine.EngineHost;
import io.redstreams.impl.engine.ServerHosting;
import io.redstreams.impl.producer.ConnectionSource;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisSettings;
import jakarta.resource.spi.work.WorkManager;

/**
 * What the adapter lends the CDI side of applications deployed next to it (see
 * {@link ServerHosting}): WorkManager threads for their consumer loops, and producer connections
 * from a pool the adapter owns and closes.
 *
 * <p>Each application engine gets a host of its own, which remembers that application's context
 * class loader (the engine is created on one of its threads) and sets it on the WorkManager
 * threads that run its loops. When the adapter stops before the application, the hosts refuse
 * new loops and release the running ones.
 */
final class AdapterHosting implements ServerHosting {

    private final WorkManager workManager;
    private final boolean offerHints;
    private final RedisConnectionPool producerPool;
    private final String description;
    private final RedisSettings redis;
    private final Set<WorkManagerEngineHost> hosts = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean withdrawn;

    /**
     * @param producerPoolSize most producer connections the hosted applications share
     */
    AdapterHosting(WorkManager workManager, boolean offerHints, RedisSettings redis, int producerPoolSize,
                   String description) {
        this.workManager = workManager;
        this.offerHints = offerHints;
        // Opens nothing until the first send.
        this.producerPool = new RedisConnectionPool(redis, "producer", producerPoolSize, redis.timeoutMs());
        this.description = description;
        this.redis = redis;
    }

    @Override
    public RedisSettings redisSettings() {
        return redis;
    }

    @Override
    public EngineHost host() {
        if (closed || withdrawn) {
            throw new IllegalStateException(description + " is stopping");
        }
        WorkManagerEngineHost host = new WorkManagerEngineHost(workManager, offerHints,
                Thread.currentThread().getContextClassLoader(), this::hostClosed);
        hosts.add(host);
        return host;
    }

    private void hostClosed(WorkManagerEngineHost host) {
        hosts.remove(host);
        if (hosts.isEmpty()) {
            producerPool.clearIdle(); // the last hosted application left: so do its idle producer connections
        }
    }

    @Override
    public ConnectionSource producerConnections() {
        return this::acquireProducerConnection;
    }

    private RedisConnection acquireProducerConnection() {
        if (closed) {
            throw new RedisConnectionException(description + " stopped; its connections are closed", null);
        }
        return producerPool.acquire();
    }

    @Override
    public String describe() {
        return description;
    }

    /** Application engines running on the adapter's threads. */
    int hostedEngines() {
        return hosts.size();
    }

    /**
     * Stops offering this hosting to applications that start from now on; those already hosted keep their threads
     * and producer connections until {@link #close()}, so deliveries in progress can still send.
     */
    void withdraw() {
        withdrawn = true;
        ServerHosting.uninstall(this);
    }

    /** Uninstalls this hosting, stops the loops of applications still hosted, closes the producer pool. */
    void close() {
        closed = true;
        ServerHosting.uninstall(this);
        for (WorkManagerEngineHost host : hosts) {
            host.close();
        }
        producerPool.close();
    }

    @Override
    public String toString() {
        return "AdapterHosting[" + description + "]";
    }
}
