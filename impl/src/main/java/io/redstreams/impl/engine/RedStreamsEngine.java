package io.redstreams.impl.engine;

import java.util.List;
import java.util.logging.Logger;

import io.redstreams.StreamAdmin;
import io.redstreams.StreamProducer;
import io.redstreams.StreamReader;
import io.redstreams.impl.admin.StreamAdminEngine;
import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.codec.MessageEncoder;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.consumer.ConsumerSettings;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import io.redstreams.impl.producer.ConnectionSource;
import io.redstreams.impl.producer.EntrySender;
import io.redstreams.impl.producer.ProducerSettings;
import io.redstreams.impl.producer.StreamProducerEngine;
import io.redstreams.impl.reader.StreamReaderEngine;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisSettings;

/**
 * The engine: one producer and the consumers of one application, over the engine's own
 * connection pools and the threads of an {@link EngineHost}. Plain Java; the CDI extension and
 * the resource adapter are thin layers over it.
 */
public final class RedStreamsEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedStreamsEngine.class.getName());

    private final RedStreamsConfig config;
    private final RedisSettings redis;
    private final EngineHost host;
    private final JsonMapper json = new JsonMapper();
    private final ConsumerSettings consumerSettings;
    private final ProducerSettings producerSettings;
    private final TaskTracker producerLoops = new TaskTracker();
    private RedisConnectionPool producerPool;
    private StreamProducerEngine producer;
    private Consumers consumers;
    private final Object readerLock = new Object();
    private volatile StreamReaderEngine reader;
    private volatile boolean readerClosed;
    private StreamAdminEngine admin;
    private boolean closed;
    private volatile boolean producerClosed;

    /**
     * @param connections where producer connections come from; {@code null}: a pool of the engine's own
     */
    private RedStreamsEngine(RedStreamsConfig config, EngineHost host, ConnectionSource connections,
                             RedisSettings hostedRedis) {
        this.config = config;
        this.redis = hostedRedis != null ? hostedRedis : config.redisSettings();
        this.host = host;
        this.consumerSettings = ConsumerSettings.from(config);
        this.producerSettings = ProducerSettings.from(config);
        ConnectionSource source = connections;
        if (source == null) {
            producerPool = new RedisConnectionPool(redis, "producer", producerSettings.poolSize(), redis.timeoutMs());
            source = producerPool::acquire;
        }
        this.producer = new StreamProducerEngine(source, new EntrySender(new MessageEncoder(json), producerSettings),
                producerSettings, this::startProducerLoop);
    }

    /** An engine with its own producer pool. Nothing connects until first use. */
    public static RedStreamsEngine create(RedStreamsConfig config, EngineHost host) {
        return new RedStreamsEngine(config, host, null, null);
    }

    /** An engine whose producer borrows connections from {@code connections} (e.g. a JCA pool). */
    public static RedStreamsEngine create(RedStreamsConfig config, EngineHost host, ConnectionSource connections) {
        return new RedStreamsEngine(config, host, connections, null);
    }

    /**
     * An engine hosted by an application server: the adapter's threads, producer connections and
     * Redis settings (when it offers them).
     */
    public static RedStreamsEngine create(RedStreamsConfig config, ServerHosting hosting) {
        return new RedStreamsEngine(config, hosting.host(), hosting.producerConnections(), hosting.redisSettings());
    }

    /**
     * The producer. It stays usable while {@link #close()} drains the consumers, so that consumer methods still
     * running can send; after that it fails with {@link IllegalStateException}.
     */
    public StreamProducer producer() {
        if (producerClosed) {
            throw new IllegalStateException("redstreams is shut down: the application is stopping");
        }
        return producer;
    }

    /**
     * The reader (created on first use, with connection pools of its own); closed with the engine, after the
     * consumers, so that consumer methods can still read while they drain.
     */
    public StreamReader reader() {
        StreamReaderEngine current = reader;
        if (current != null && !readerClosed) {
            return current;
        }
        synchronized (readerLock) { // not the engine's lock: close() holds that while the consumers drain
            if (readerClosed) {
                throw new IllegalStateException("redstreams is shut down: the application is stopping");
            }
            if (reader == null) {
                reader = new StreamReaderEngine(redis, json);
            }
            return reader;
        }
    }

    /**
     * The admin view (issue 12), over a small connection pool of its own opened on first use; closed with the engine.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized StreamAdmin admin() {
        if (closed) {
            throw new IllegalStateException("redstreams is shut down: the application is stopping");
        }
        if (admin == null) {
            admin = new StreamAdminEngine(redis);
        }
        return admin;
    }

    public JsonMapper json() {
        return json;
    }

    public RedStreamsConfig config() {
        return config;
    }

    public ConsumerSettings consumerSettings() {
        return consumerSettings;
    }

    /**
     * Starts consumers for the specs, all or none.
     *
     * @throws IllegalArgumentException listing every problem of the specs
     */
    public synchronized Consumers startConsumers(List<ConsumerSpec> specs) {
        if (closed) {
            throw new IllegalStateException("the redstreams engine is closed");
        }
        if (consumers != null) {
            throw new IllegalStateException("consumers already started");
        }
        Consumers created = new Consumers(specs, consumerSettings, redis, host, json);
        created.start();
        consumers = created;
        return created;
    }

    public synchronized Consumers consumers() {
        return consumers;
    }

    private void startProducerLoop(String name, Runnable loop) {
        producerLoops.expect();
        try {
            host.start(name, producerLoops.track(loop));
        } catch (RuntimeException e) {
            producerLoops.done();
            throw e;
        }
    }

    /**
     * Drains and stops the consumers, sends what asynchronous sends are queued, closes every
     * connection and releases the host. The order matters: the consumers first, while the producer
     * still works (a method that consumes and then produces can finish), then the producer.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (consumers != null) {
                consumers.stop();
            }
            producerClosed = true;
            producer.close();
            try {
                if (!producerLoops.awaitAll(consumerSettings.shutdownTimeoutMs())) {
                    producerLoops.interruptAll();
                    producerLoops.awaitAll(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            StreamReaderEngine openReader;
            synchronized (readerLock) {
                readerClosed = true;
                openReader = reader;
            }
            if (openReader != null) {
                openReader.close();
            }
            if (admin != null) {
                admin.close();
            }
            if (producerPool != null) {
                producerPool.close();
            }
            json.close();
            host.close();
        }
        LOG.fine("redstreams: engine closed");
    }

    @Override
    public String toString() {
        return "RedStreamsEngine[" + redis + "]";
    }
}
