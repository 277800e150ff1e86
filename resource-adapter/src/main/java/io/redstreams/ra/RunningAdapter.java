package io.redstreams.ra;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.codec.MessageEncoder;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.consumer.ConsumerSettings;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import io.redstreams.impl.engine.ServerHosting;
import io.redstreams.impl.producer.EntrySender;
import io.redstreams.impl.producer.ProducerSettings;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisSettings;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.CommException;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.HintsContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Everything the adapter has between {@code start} and {@code stop}: the configuration, the
 * engine parts shared by inbound and outbound (JSON mapper, encoder, settings), the WorkManager
 * host, the activations, the hosting lent to CDI applications, and the open managed
 * connections. {@link #stop()} takes it all down within about one shutdown timeout.
 */
final class RunningAdapter {

    private static final Logger LOG = Logger.getLogger(RunningAdapter.class.getName());
    /** Extra time for stop, past the shutdown timeout, for interrupting loops and sending the last acks. */
    private static final long STOP_SLACK_MS = 5_000;

    private final RedisSettings redis;
    private final ConsumerSettings consumerSettings;
    private final JsonMapper json = new JsonMapper();
    private final EntrySender sender;
    private final WorkManagerEngineHost host;
    private final AdapterHosting hosting;
    private final TransactionSynchronizationRegistry transactions;
    private final ClassLoader contextClassLoader;
    private final Activations activations = new Activations();
    private final Set<RedStreamsManagedConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile EndpointAvailability.Listener availabilityListener = EndpointAvailability.Listener.NONE;

    private RunningAdapter(RedStreamsConfig config, BootstrapContext context) {
        this.redis = config.redisSettings();
        this.consumerSettings = ConsumerSettings.from(config);
        ProducerSettings producerSettings = ProducerSettings.from(config);
        this.sender = new EntrySender(new MessageEncoder(json), producerSettings);
        boolean hints = context.isContextSupported(HintsContext.class);
        this.host = new WorkManagerEngineHost(context.getWorkManager(), hints, null, null);
        this.hosting = new AdapterHosting(context.getWorkManager(), hints, redis, producerSettings.poolSize(),
                "the redstreams resource adapter (" + redis.endpoint() + ")");
        this.transactions = registry(context);
        this.contextClassLoader = Thread.currentThread().getContextClassLoader();
    }

    /** Starts the adapter's part of the engine and offers it to CDI applications; connects nothing yet. */
    static RunningAdapter start(RedStreamsConfig config, BootstrapContext context) {
        RunningAdapter adapter = new RunningAdapter(config, context);
        ServerHosting.install(adapter.hosting);
        LOG.info(() -> "redstreams: resource adapter started for " + adapter.redis.endpoint() + " as '"
                + adapter.redis.clientName() + "'" + (adapter.transactions == null
                ? "; the server gives no TransactionSynchronizationRegistry, so a delivery counts as done when "
                + "afterDelivery returns" : ""));
        return adapter;
    }

    private static TransactionSynchronizationRegistry registry(BootstrapContext context) {
        try {
            return context.getTransactionSynchronizationRegistry();
        } catch (RuntimeException | AbstractMethodError e) {
            return null;
        }
    }

    // ---- inbound ----

    void activate(MessageEndpointFactory factory, RedStreamsActivationSpec spec) throws ResourceException {
        refuseWhenStopping("activate " + factory.getActivationName());
        EndpointActivation activation = EndpointActivation.start(factory, spec, this);
        activations.add(factory, spec, activation);
        if (stopping) {
            // stop() ran while this one was starting and did not see it.
            activations.remove(factory, spec);
            activation.stop();
            throw new jakarta.resource.spi.IllegalStateException("the redstreams resource adapter stopped during "
                    + "the activation of " + activation.name());
        }
    }

    void deactivate(MessageEndpointFactory factory, RedStreamsActivationSpec spec) {
        EndpointActivation activation = activations.remove(factory, spec);
        if (activation != null) {
            activation.stop();
        }
    }

    /**
     * Claims the consumer identity (stream, group, consumer name) of a new activation: two
     * endpoints reading as the same consumer would take each other's pending entries.
     *
     * @return the key to give back with {@link #releaseConsumer(String)}
     * @throws IllegalArgumentException naming the activation that already reads as this consumer
     */
    String reserveConsumer(ConsumerSpec spec) {
        String key = spec.key(consumerSettings.defaultConsumerName());
        String other = activations.reserve(key, spec.name());
        if (other != null) {
            throw new IllegalArgumentException(spec.name() + ": stream '" + spec.stream() + "', group '" + spec.group()
                    + "' and consumer '" + key.substring(key.lastIndexOf('/') + 1) + "' are already used by " + other
                    + "; the two would steal each other's entries (use another group, or distinct consumer names)");
        }
        return key;
    }

    void releaseConsumer(String key) {
        activations.unreserve(key);
    }

    /**
     * The engine's consumers for one activation, on the adapter's WorkManager; not started.
     *
     * @throws IllegalArgumentException listing the spec's problems
     */
    Consumers newConsumers(List<ConsumerSpec> specs) {
        return new Consumers(specs, consumerSettings, redis, host, json);
    }

    /** Told when an activation's endpoint becomes unavailable and available again (activations from now on). */
    void onEndpointAvailability(EndpointAvailability.Listener listener) {
        this.availabilityListener = listener == null ? EndpointAvailability.Listener.NONE : listener;
    }

    EndpointAvailability.Listener availabilityListener() {
        return availabilityListener;
    }

    TransactionSynchronizationRegistry transactionRegistry() {
        return transactions;
    }

    /** The loader that loaded the adapter's context, for payload types when the container names no endpoint class. */
    ClassLoader contextClassLoader() {
        return contextClassLoader;
    }

    // ---- outbound ----

    RedStreamsManagedConnection openConnection(RedStreamsManagedConnectionFactory factory) throws ResourceException {
        refuseWhenStopping("open a connection");
        RedStreamsManagedConnection managed = new RedStreamsManagedConnection(factory, openRedis(), sender,
                new RedisConnectionMetaData(redis.endpoint().user()), connections::remove);
        connections.add(managed);
        if (stopping) {
            managed.destroy();
            throw new jakarta.resource.spi.IllegalStateException("the redstreams resource adapter is stopping");
        }
        return managed;
    }

    /**
     * One unpooled Redis connection named {@code <client-name>-jca}: the server does the pooling.
     *
     * @throws ResourceException a {@code CommException} when Redis cannot be reached, a
     *                           {@code SecurityException} when it refuses the credentials
     */
    private RedisConnection openRedis() throws ResourceException {
        try {
            return RedisConnectionPool.single(redis, "jca");
        } catch (RedisConnectionException e) {
            throw new CommException(e.getMessage(), e);
        } catch (RedisCommandException e) {
            if (e.isAccessDenied()) {
                throw new jakarta.resource.spi.SecurityException(e.getMessage(), e);
            }
            throw new ResourceAllocationException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // A safety net: whatever the engine did not translate must still reach the pool as a
            // ResourceException. The client's exception is not kept as the cause (as in the engine), so
            // no Redis client type leaves the adapter; its message names host and port, never the password.
            throw new CommException("Cannot connect to Redis at " + redis.endpoint() + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    int activeEndpoints() {
        return activations.size();
    }

    AdapterHosting hosting() {
        return hosting;
    }

    private void refuseWhenStopping(String what) throws ResourceException {
        if (stopping) {
            throw new jakarta.resource.spi.IllegalStateException("the redstreams resource adapter is stopping; "
                    + "cannot " + what);
        }
    }

    // ---- stop ----

    /**
     * Refuses new work, stops every activation (deliveries in progress get the shutdown timeout
     * to finish, and what finished is acknowledged), stops the loops of hosted applications,
     * destroys the managed connections still open and closes every pool.
     */
    void stop() {
        stopping = true;
        long start = System.currentTimeMillis();
        hosting.withdraw();
        host.refuseNewWork();
        // Deliveries in progress may still send (through hosted applications' producers): the producer connections
        // stay open until every activation drained (issue 9, case 3).
        activations.stopAll(consumerSettings.shutdownTimeoutMs() + STOP_SLACK_MS);
        hosting.close();
        host.close();
        for (RedStreamsManagedConnection connection : connections) {
            connection.destroy();
        }
        json.close();
        LOG.info(() -> "redstreams: resource adapter stopped in " + (System.currentTimeMillis() - start) + " ms");
    }

    @Override
    public String toString() {
        return "RunningAdapter[" + redis.endpoint() + ", clientName=" + redis.clientName() + "]";
    }
}
