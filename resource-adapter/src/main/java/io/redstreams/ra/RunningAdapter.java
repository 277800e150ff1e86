package io.redstreams.ra;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.PoolStatus;
import io.redstreams.impl.engine.ProducerConnection;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.ServerHosting;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.CommException;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.HintsContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Everything the adapter has between {@code start} and {@code stop}: the settings, the engine
 * (on the WorkManager host) that inbound and outbound share, the activations, the hosting lent to
 * CDI applications, and the open managed connections. {@link #stop()} takes it all down within
 * about one shutdown timeout.
 */
final class RunningAdapter {

    private static final Logger LOG = Logger.getLogger(RunningAdapter.class.getName());
    /** Extra time for stop, past the shutdown timeout, for interrupting loops and sending the last acks. */
    private static final long STOP_SLACK_MS = 5_000;
    /**
     * Numbers the instances of this deployed adapter for the logs: WildFly starts one more per
     * {@code @ConnectionFactoryDefinition}, and the log then says which instance activated a bean and which hosts an
     * application.
     */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EngineSettings settings;
    private final RedStreamsEngine engine;
    private final WorkManagerEngineHost host;
    private final AdapterHosting hosting;
    private final TransactionSynchronizationRegistry transactions;
    private final ClassLoader contextClassLoader;
    private final Activations activations = new Activations();
    private final Set<RedStreamsManagedConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile EndpointAvailability.Listener availabilityListener = EndpointAvailability.Listener.NONE;
    private final String description;

    private RunningAdapter(EngineSettings settings, BootstrapContext context) {
        this.settings = settings;
        this.description = "the redstreams resource adapter (" + settings.redisAddress() + ", instance "
                + INSTANCES.incrementAndGet() + ")";
        boolean hints = context.isContextSupported(HintsContext.class);
        this.host = new WorkManagerEngineHost(context.getWorkManager(), hints, null, null);
        this.engine = RedStreamsEngine.builder().settings(settings).host(host).build();
        this.hosting = new AdapterHosting(context.getWorkManager(), hints, engine, description, this::outboundPool);
        this.transactions = registry(context);
        this.contextClassLoader = Thread.currentThread().getContextClassLoader();
    }

    /** Starts the adapter's part of the engine and offers it to CDI applications; connects nothing yet. */
    static RunningAdapter start(EngineSettings settings, BootstrapContext context) {
        RunningAdapter adapter = new RunningAdapter(settings, context);
        ServerHosting.install(adapter.hosting);
        LOG.info(() -> "redstreams: resource adapter started for " + settings.redisAddress() + " as '"
                + settings.clientName() + "' (" + adapter.description + ")" + (adapter.transactions == null
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
        String key = spec.key(settings.defaultConsumerName());
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
     * The engine's consumers for one activation, on the adapter's WorkManager; not started. They are a message-driven
     * bean's: the health checks and metrics of a CDI application hosted by this adapter that can load
     * {@code beanClass} report them (see {@link RedStreamsEngine#prepareEndpointConsumers}).
     *
     * @param beanClass the bean's class as the container reports it; {@code null} when it does not
     * @throws IllegalArgumentException listing the spec's problems
     */
    Consumers newConsumers(List<ConsumerSpec> specs, Class<?> beanClass) {
        return engine.prepareEndpointConsumers(specs, beanClass);
    }

    /**
     * Starts an activation's consumers, all or none, and tells the listeners (metrics of hosted applications).
     *
     * @throws RuntimeException when the WorkManager refused a thread; stop them with {@link #stopConsumers}
     */
    void startConsumers(Consumers consumers) {
        engine.startPrepared(consumers);
    }

    /** Stops an activation's consumers (draining within the shutdown timeout); also after a failed start. */
    void stopConsumers(Consumers consumers) {
        engine.stopConsumers(consumers);
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

    /** For logs: the adapter, its Redis address and its instance number. */
    String description() {
        return description;
    }

    /** The loader that loaded the adapter's context, for payload types when the container names no endpoint class. */
    ClassLoader contextClassLoader() {
        return contextClassLoader;
    }

    // ---- outbound ----

    RedStreamsManagedConnection openConnection(RedStreamsManagedConnectionFactory factory) throws ResourceException {
        refuseWhenStopping("open a connection");
        RedStreamsManagedConnection managed = new RedStreamsManagedConnection(factory, openProducer(),
                new RedisConnectionMetaData(settings.redisUser()), connections::remove);
        connections.add(managed);
        if (stopping) {
            managed.destroy();
            throw new jakarta.resource.spi.IllegalStateException("the redstreams resource adapter is stopping");
        }
        return managed;
    }

    /**
     * The engine's producer over one unpooled connection named {@code <client-name>-jca}: the server does the
     * pooling.
     *
     * @throws ResourceException a {@code CommException} when Redis cannot be reached, a
     *                           {@code SecurityException} when it refuses the credentials
     */
    private ProducerConnection openProducer() throws ResourceException {
        try {
            return engine.openProducerConnection("jca");
        } catch (ProducerConnection.OpenException e) {
            throw switch (e.reason()) {
                case UNREACHABLE -> new CommException(e.getMessage(), e);
                case ACCESS_DENIED -> new jakarta.resource.spi.SecurityException(e.getMessage(), e);
                case REFUSED -> new ResourceAllocationException(e.getMessage(), e);
            };
        }
    }

    int activeEndpoints() {
        return activations.size();
    }

    /**
     * The outbound connections, for the health data of hosted applications: open managed connections (idle in the
     * server's pool or in use) and those in use (with an open handle). The server sizes the pool.
     */
    PoolStatus outboundPool() {
        int open = 0;
        int active = 0;
        for (RedStreamsManagedConnection connection : connections) {
            open++;
            if (connection.openHandles() > 0) {
                active++;
            }
        }
        return new PoolStatus("jca", active, open, PoolStatus.UNKNOWN);
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
        activations.stopAll(settings.shutdownTimeoutMs() + STOP_SLACK_MS);
        hosting.close();
        engine.close(); // closes the producer pool (again), then the host
        for (RedStreamsManagedConnection connection : connections) {
            connection.destroy();
        }
        LOG.info(() -> "redstreams: resource adapter stopped in " + (System.currentTimeMillis() - start) + " ms");
    }

    @Override
    public String toString() {
        return "RunningAdapter[" + settings.redisAddress() + ", clientName=" + settings.clientName() + "]";
    }
}
