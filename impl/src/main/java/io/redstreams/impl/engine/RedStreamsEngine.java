package io.redstreams.impl.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import io.redstreams.CircuitOpenException;
import io.redstreams.ProducerStatus;
import io.redstreams.StreamAdmin;
import io.redstreams.StreamProducer;
import io.redstreams.StreamReader;
import io.redstreams.impl.admin.StreamAdminEngine;
import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.codec.MessageEncoder;
import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.consumer.ConsumerSettings;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import io.redstreams.impl.producer.EntrySender;
import io.redstreams.impl.producer.ProducerProtection;
import io.redstreams.impl.producer.ProducerSettings;
import io.redstreams.impl.producer.SendBreaker;
import io.redstreams.impl.producer.StreamProducerEngine;
import io.redstreams.impl.reader.StreamReaderEngine;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisSettings;
import io.redstreams.impl.retention.PeriodicTrimmer;

/**
 * The engine, and its one face towards the container layers (the CDI extension and the resource
 * adapter): they build it from {@link EngineSettings}, an {@link EngineHost} for its threads and,
 * in an application server, a {@link ServerHosting}; then they ask it for a producer, for
 * producer connections, and to start and stop consumers from {@link ConsumerSpec}s. Nothing of the
 * Redis connection layer shows through it, so topologies (Sentinel, Cluster) and signals (health,
 * metrics, tracing) are added here once, not in each layer. Reader and admin views will be asked
 * of it too.
 *
 * <pre>{@code
 * RedStreamsEngine engine = RedStreamsEngine.builder()
 *         .settings(EngineSettings.fromMicroProfileConfig(loader))  // or fromProperties(adapterProperties)
 *         .host(host)                                               // optional: a thread pool of its own
 *         .hosting(serverHosting)                                   // optional: the adapter's threads and pool
 *         .build();
 * engine.producer().send("orders", order);
 * Consumers consumers = engine.startConsumers(specs);
 * engine.close();                                                   // drains the consumers, then the producer
 * }</pre>
 *
 * <p>Thread-safe. Nothing connects until first use.
 */
public final class RedStreamsEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedStreamsEngine.class.getName());

    private final EngineSettings settings;
    private final RedisSettings redis;
    private final EngineHost host;
    private final JsonMapper json = new JsonMapper();
    private final ConsumerSettings consumerSettings;
    private final EntrySender sender;
    /** The circuit breaker of every send of this engine: its producer and its producer connections (the adapter's). */
    private final SendBreaker breaker;
    private final TaskTracker producerLoops = new TaskTracker();
    /** The pool of the engine's own, when it borrows none; lent to others by {@link #producerConnections()}. */
    private final ProducerConnections ownConnections;
    private final ProducerConnections connections;
    private final StreamProducerEngine producer;
    /** The periodic trim ({@code redstreams.retention.trim-streams}) and its one connection; null when off. */
    private final PeriodicTrimmer trimmer;
    private final RedisConnectionPool trimPool;
    private final List<Consumers> consumerSets = new CopyOnWriteArrayList<>();
    private final EngineSignals signals = new EngineSignals();
    /** Which of {@link #consumerSets} are message-driven beans' (the resource adapter's engine has them). */
    private final EndpointSets endpoints = new EndpointSets();
    /** What hosts this engine in a server, or {@code null}. */
    private final ServerHosting hosting;
    /** The adapter's engine when hosted: whose message-driven beans this application reports, if it sees them. */
    private final RedStreamsEngine lender;
    /** The context class loader of the application that built this hosted engine: which beans it sees. */
    private final ClassLoader application;
    /** Listeners given to {@link #listenToEndpoints}, detached from the lenders on {@link #close()}. */
    private final List<EngineListener> endpointListeners = new CopyOnWriteArrayList<>();
    /** The adapter engines {@link #listenToEndpoints} attached listeners to (see {@link #lenders()}). */
    private final List<RedStreamsEngine> watchedLenders = new CopyOnWriteArrayList<>();
    private final TracingWall tracing;
    private Consumers applicationConsumers;
    private final Object readerLock = new Object();
    private volatile StreamReaderEngine reader;
    private volatile boolean readerClosed;
    private StreamAdminEngine admin;
    private GroupGauges gauges;
    private boolean closed;
    private volatile boolean producerClosed;

    private RedStreamsEngine(Builder b) {
        this.settings = b.settings;
        ServerHosting hosting = b.hosting;
        this.hosting = hosting;
        this.lender = hosting != null ? hosting.lender() : null;
        this.application = hosting != null ? Thread.currentThread().getContextClassLoader() : null;
        EngineSettings redisFrom = hosting != null && hosting.settings() != null ? hosting.settings() : settings;
        this.redis = redisFrom.redis();
        this.host = hosting != null ? hosting.host() : b.host != null ? b.host : new ThreadPoolEngineHost();
        this.consumerSettings = settings.consumerSettings();
        ProducerSettings producerSettings = ProducerSettings.from(settings.config());
        this.tracing = TracingChoice.choose(settings.config(), b.tracing, b.openTelemetry);
        this.sender = new EntrySender(new MessageEncoder(json), producerSettings, tracing);
        ProducerProtection protection = ProducerProtection.from(settings.config());
        this.breaker = protection.newBreaker("redstreams-producer");
        RedisConnectionPool[] trimPool = new RedisConnectionPool[1];
        this.trimmer = PeriodicTrimmer.from(settings.config(), producerSettings.retention(), () -> trimPool[0].acquire());
        this.trimPool = trimmer == null ? null : new RedisConnectionPool(redis, "retention", 1, redis.timeoutMs());
        trimPool[0] = this.trimPool;
        ProducerConnections lent = hosting != null ? hosting.producerConnections() : b.connections;
        if (lent == null) {
            ownConnections = new ProducerConnections(new RedisConnectionPool(redis, "producer",
                    producerSettings.poolSize(), redis.timeoutMs()), sender, breaker, "the redstreams engine");
            connections = ownConnections;
        } else {
            ownConnections = null;
            connections = lent;
        }
        this.producer = new StreamProducerEngine(lent == null ? connections.ownerSource() : connections.source(),
                sender, producerSettings, breaker, protection.newBuffer(), this::startProducerLoop, signals);
        if (trimmer != null) {
            startProducerLoop("redstreams-retention", trimmer);
        }
    }

    /** A builder; {@link Builder#settings(EngineSettings)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The engine of one application, hosted as {@code redstreams.hosting} says: by the installed
     * {@link ServerHosting} (the resource adapter's) unless {@code standalone}, else on threads and
     * connections of its own.
     *
     * @throws IllegalStateException with {@code hosting=adapter}, when no adapter is installed (any more)
     */
    public static RedStreamsEngine forApplication(EngineSettings settings) {
        return forApplication(settings, null);
    }

    /**
     * {@link #forApplication(EngineSettings)}, tracing with {@code openTelemetry} (see
     * {@link Builder#openTelemetry(Object)}); {@code null}: {@code GlobalOpenTelemetry} if set.
     */
    public static RedStreamsEngine forApplication(EngineSettings settings, Object openTelemetry) {
        if (!settings.standalone()) {
            ServerHosting server = ServerHosting.installed().orElse(null);
            if (server != null) {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                LOG.info(() -> "redstreams: using the threads and connections of " + server.describe()
                        + "; reporting the adapter's message-driven beans that "
                        + (loader == null ? "any class loader" : loader) + " loads ("
                        + ServerHosting.everyInstalled().size() + " adapter instance(s) installed)");
                return builder().settings(settings).hosting(server).openTelemetry(openTelemetry).build();
            }
            if (settings.requiresAdapter()) {
                throw new IllegalStateException("redstreams: the resource adapter is gone (it was undeployed)");
            }
        }
        return builder().settings(settings).openTelemetry(openTelemetry).build();
    }

    /**
     * Whether {@link #forApplication(EngineSettings)} would be hosted by a resource adapter now:
     * {@code redstreams.hosting} is not {@code standalone} and an adapter is installed. An application hosted so creates its engine even with
     * nothing to consume, to report the adapter's message-driven beans it deploys.
     */
    public static boolean hostedByAdapter(EngineSettings settings) {
        return !settings.standalone() && ServerHosting.installed().isPresent();
    }

    /**
     * {@code io.opentelemetry.api.OpenTelemetry} as the engine's classes see it, or empty when the OpenTelemetry API
     * is not on their class path (then the engine never traces with it): for a layer that looks up an
     * {@code OpenTelemetry} without referring to the API itself.
     */
    public static Optional<Class<?>> openTelemetryApi() {
        return TracingChoice.apiType();
    }

    /** An engine with its own producer pool. Nothing connects until first use. */
    public static RedStreamsEngine create(RedStreamsConfig config, EngineHost host) {
        return builder().settings(EngineSettings.from(config)).host(host).build();
    }

    /** An engine whose producer borrows connections from {@code connections} (e.g. an adapter's pool). */
    public static RedStreamsEngine create(RedStreamsConfig config, EngineHost host, ProducerConnections connections) {
        return builder().settings(EngineSettings.from(config)).host(host).producerConnections(connections).build();
    }

    /** An engine hosted by an application server: the adapter's threads, producer connections and Redis. */
    public static RedStreamsEngine create(RedStreamsConfig config, ServerHosting hosting) {
        return builder().settings(EngineSettings.from(config)).hosting(hosting).build();
    }

    // ---- producing ----

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
            admin = new StreamAdminEngine(redis, producer::status);
        }
        return admin;
    }

    /**
     * A snapshot of the producer's protection: its circuit breaker (state, failures, rejected sends) and its buffer
     * of asynchronous sends (policy, size, capacity, peak, rejected). In memory, no Redis command; cheap enough for a
     * metrics registry to poll. The same as {@code StreamAdmin.producerStatus()}. Works after {@link #close()} too.
     */
    public ProducerStatus producerStatus() {
        return producer.status();
    }

    /**
     * The engine's pooled producer connections ({@code <client-name>-producer}), to lend to other engines
     * (see {@link ServerHosting#producerConnections()}). Closed with the engine.
     */
    public ProducerConnections producerConnections() {
        return connections;
    }

    /**
     * Opens a producer connection of its own, outside any pool, named {@code <client-name>-<role>} (e.g.
     * {@code redstreams-jca}): for a container that pools connections itself. It connects, authenticates
     * and checks the server now; the caller owns it and closes it. Opening passes the producer's circuit breaker
     * like a send: a connection-level failure counts, and while the breaker is open nothing is attempted (reason
     * {@code UNREACHABLE}, the cause a {@link CircuitOpenException}).
     *
     * @throws ProducerConnection.OpenException saying why (unreachable, credentials refused, refused otherwise);
     *                                          its message names host and port, never the password
     */
    public ProducerConnection openProducerConnection(String role) {
        try {
            return new ProducerConnection(breaker.call(() -> RedisConnectionPool.single(redis, role)), sender, breaker);
        } catch (CircuitOpenException e) {
            throw new ProducerConnection.OpenException(ProducerConnection.OpenException.Reason.UNREACHABLE,
                    e.getMessage(), e);
        } catch (RedisConnectionException e) {
            throw new ProducerConnection.OpenException(ProducerConnection.OpenException.Reason.UNREACHABLE,
                    e.getMessage(), e);
        } catch (RedisCommandException e) {
            throw new ProducerConnection.OpenException(e.isAccessDenied()
                    ? ProducerConnection.OpenException.Reason.ACCESS_DENIED
                    : ProducerConnection.OpenException.Reason.REFUSED, e.getMessage(), e);
        } catch (RuntimeException e) {
            // A safety net: the client's exception is not kept as the cause, so no Redis client type leaves the
            // engine; its message names host and port, never the password.
            throw new ProducerConnection.OpenException(ProducerConnection.OpenException.Reason.UNREACHABLE,
                    "Cannot connect to Redis at " + redis.endpoint() + ": " + e.getClass().getSimpleName() + ": "
                            + e.getMessage(), null);
        }
    }

    // ---- consuming ----

    /**
     * Checks and builds consumers for the specs, not started yet; start them with {@link Consumers#start()}
     * (all or none) and stop them with {@link #stopConsumers(Consumers)}. For a layer that reports bad specs and
     * a failed start differently (the resource adapter).
     *
     * @throws IllegalArgumentException listing every problem of the specs
     */
    public Consumers prepareConsumers(List<ConsumerSpec> specs) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the redstreams engine is closed");
            }
        }
        Consumers created = new Consumers(specs, consumerSettings, redis, host, json, signals, tracing);
        consumerSets.add(created);
        return created;
    }

    /**
     * {@link #prepareConsumers(List)} for a message-driven bean of the resource adapter (one activation): the set is
     * reported apart ({@link EngineStatus#endpoints()}), by this engine and by every application engine hosted by it
     * whose application can load {@code beanClass} (its health checks, and its metrics through
     * {@link #listenToEndpoints}); start it with {@link #startPrepared(Consumers)}. When this engine has no tracing
     * (no {@code OpenTelemetry} when it was built), {@code GlobalOpenTelemetry} is looked for again now, so a bean
     * activated after the global was set is traced.
     *
     * @param beanClass the bean's class ({@code MessageEndpointFactory.getEndpointClass()}); {@code null}: every
     *                  hosted application reports it
     * @throws IllegalArgumentException listing every problem of the specs
     */
    public Consumers prepareEndpointConsumers(List<ConsumerSpec> specs, Class<?> beanClass) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the redstreams engine is closed");
            }
        }
        TracingWall endpointTracing = tracing.active() ? tracing : TracingChoice.choose(settings.config(), null, null);
        EngineSignals own = new EngineSignals();
        Consumers created = new Consumers(specs, consumerSettings, redis, host, json, own, endpointTracing);
        endpoints.add(created, beanClass, own, signals.listeners()); // before it is listed: never reported as a CDI set
        consumerSets.add(created);
        return created;
    }

    /**
     * Starts a set from {@link #prepareConsumers} or {@link #prepareEndpointConsumers}, all or none, and tells the
     * listeners. When it throws, nothing of the set runs; stop it with {@link #stopConsumers(Consumers)}.
     *
     * @throws RuntimeException when the host refused a thread
     */
    public void startPrepared(Consumers set) {
        set.start();
        if (endpoints.isEndpoint(set)) {
            endpoints.started(set);
        } else {
            signals.consumersStarted(names(set));
        }
    }

    /**
     * Starts consumers for the specs, all or none. May be called again for further sets (one per activation
     * in the resource adapter); {@link #consumers()} is the first set.
     *
     * @throws IllegalArgumentException listing every problem of the specs
     * @throws RuntimeException         when the host refused a thread; nothing of the set runs then
     */
    public Consumers startConsumers(List<ConsumerSpec> specs) {
        Consumers created = prepareConsumers(specs);
        try {
            created.start();
        } catch (RuntimeException e) {
            stopConsumers(created);
            throw e;
        }
        synchronized (this) {
            if (applicationConsumers == null) {
                applicationConsumers = created;
            }
        }
        signals.consumersStarted(names(created));
        return created;
    }

    /**
     * Forgets the set and stops it (draining deliveries in progress within the shutdown timeout). Forgotten
     * first, so that {@link #close()} does not wait on a stop that another thread is still doing.
     */
    public void stopConsumers(Consumers set) {
        boolean known = consumerSets.remove(set);
        EngineSignals endpoint = endpoints.remove(set);
        set.stop();
        if (endpoint != null) {
            endpoint.consumersStopped(names(set));
        } else if (known) {
            signals.consumersStopped(names(set));
        }
    }

    /** The consumers of the first {@link #startConsumers} call, or {@code null}. */
    public synchronized Consumers consumers() {
        return applicationConsumers;
    }

    // ---- settings, signals ----

    public EngineSettings settings() {
        return settings;
    }

    public RedStreamsConfig config() {
        return settings.config();
    }

    public ConsumerSettings consumerSettings() {
        return consumerSettings;
    }

    public JsonMapper json() {
        return json;
    }

    /**
     * Attaches a listener for the engine's signals (see {@link EngineListener}); it hears every signal from then on,
     * of consumers started before too. What it throws is logged and contained.
     */
    public void listen(EngineListener listener) {
        signals.add(listener);
        endpoints.listen(listener);
    }

    /**
     * For an engine hosted by the resource adapter: {@code listener} also hears the signals of the adapter's
     * message-driven beans that this application can load (started before too: it is told of those at once), on every
     * instance of the adapter installed now (not on one installed later), until
     * {@link #stopListening} or {@link #close()}; meant for metrics, whose gauges then cover those beans' groups
     * ({@link #inFlight}, {@link #groupGauges()}). Does nothing for an engine not hosted by an adapter (its own
     * message-driven beans, if any, are heard through {@link #listen}).
     */
    public void listenToEndpoints(EngineListener listener) {
        if (lender != null) {
            endpointListeners.add(listener);
            for (RedStreamsEngine adapter : lenders()) {
                if (!watchedLenders.contains(adapter)) {
                    watchedLenders.add(adapter);
                }
                adapter.endpoints.watch(application, listener);
            }
        }
    }

    /** Detaches a listener given to {@link #listenToEndpoints} (and to {@link #listen}); it hears nothing more. */
    public void stopListening(EngineListener listener) {
        signals.remove(listener);
        endpoints.unwatch(listener);
        if (lender != null) {
            endpointListeners.removeIf(l -> l == listener);
            for (RedStreamsEngine adapter : watchedLenders) {
                adapter.endpoints.unwatch(listener);
            }
        }
    }

    /**
     * For a hosted engine, the engines of every instance of the adapter installed now, its own lender first; else
     * none. WildFly starts an adapter instance of its own for each {@code @ConnectionFactoryDefinition} and hosts an
     * application on the latest installed ({@link ServerHosting#installed()}), while it activates the message-driven
     * beans on the instance of the deployed {@code .rar}: the beans an application deploys are in another engine than
     * its lender's. Which of their sets the application reports is still decided by its class loader.
     */
    private List<RedStreamsEngine> lenders() {
        if (lender == null) {
            return List.of();
        }
        List<RedStreamsEngine> all = new ArrayList<>(2);
        all.add(lender);
        for (ServerHosting other : ServerHosting.everyInstalled()) {
            RedStreamsEngine engine = other.lender();
            if (engine != null && engine != this && !all.contains(engine)) {
                all.add(engine);
            }
        }
        return all;
    }

    /** What the engine traces with ({@code toString()} says it), behind its wall. */
    public TracingWall tracing() {
        return tracing;
    }

    /**
     * The engine's state for health checks: each consumer's state (no Redis round trip) and the producer pool. Cheap;
     * takes no lock that a stop holds while it drains.
     */
    public EngineStatus status() {
        List<ConsumerStatus> consumers = new ArrayList<>();
        List<ConsumerStatus> beans = new ArrayList<>();
        for (Consumers set : consumerSets) {
            (endpoints.isEndpoint(set) ? beans : consumers).addAll(set.status());
        }
        for (Consumers set : seenEndpointSets()) {
            beans.addAll(set.status());
        }
        List<PoolStatus> pools = new ArrayList<>();
        pools.add(connections.status());
        if (hosting != null) {
            pools.addAll(hosting.pools());
        }
        boolean isClosed;
        synchronized (this) {
            isClosed = closed;
        }
        return new EngineStatus(consumers, beans, pools, isClosed);
    }

    /**
     * For a hosted engine, the message-driven beans' sets, on every adapter instance installed ({@link #lenders()}),
     * whose bean class this application loads; else none.
     */
    private List<Consumers> seenEndpointSets() {
        List<Consumers> seen = new ArrayList<>();
        for (RedStreamsEngine adapter : lenders()) {
            for (Consumers set : adapter.consumerSets) {
                if (adapter.endpoints.seenBy(set, application)) {
                    seen.add(set);
                }
            }
        }
        return seen;
    }

    /**
     * Entries the running consumers of {@code stream}'s {@code group} hold: read and not acknowledged yet; for a hosted
     * engine, those of the adapter's message-driven beans it sees too.
     */
    public int inFlight(String stream, String group) {
        int n = 0;
        for (Consumers set : consumerSets) {
            n += set.inFlight(stream, group);
        }
        for (Consumers set : seenEndpointSets()) {
            n += set.inFlight(stream, group);
        }
        return n;
    }

    /**
     * The sampled consumer-group gauges (pending, lag, oldest pending age): sampled every
     * {@code redstreams.metrics.sample-interval-ms} on a thread of the engine's host, started at the first read of a
     * sample (a scrape); stopped with the engine.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized GroupGauges groupGauges() {
        if (closed) {
            throw new IllegalStateException("redstreams is shut down: the application is stopping");
        }
        if (gauges == null) {
            GroupGauges[] created = new GroupGauges[1];
            created[0] = new GroupGauges(this::consumedGroups,
                    () -> new RedisConnectionPool(redis, "metrics", 1, redis.timeoutMs()),
                    settings.config().get(ConfigKeys.METRICS_SAMPLE_INTERVAL_MS), () -> startSampler(created[0]));
            gauges = created[0];
        }
        return gauges;
    }

    private synchronized void startSampler(GroupGauges sampler) {
        if (!closed) {
            startProducerLoop("redstreams-metrics-sampler", sampler);
        }
    }

    private List<String[]> consumedGroups() {
        List<String[]> groups = new ArrayList<>();
        for (Consumers set : consumerSets) {
            for (ConsumerSpec spec : set.specs()) {
                groups.add(new String[] {spec.stream(), spec.group()});
            }
        }
        for (Consumers set : seenEndpointSets()) {
            for (ConsumerSpec spec : set.specs()) {
                groups.add(new String[] {spec.stream(), spec.group()});
            }
        }
        return groups;
    }

    static List<String> names(Consumers set) {
        return set.specs().stream().map(ConsumerSpec::name).toList();
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
     * connection of its own and releases the host. The order matters: the consumers first, while the producer
     * still works (a method that consumes and then produces can finish), then the producer.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (RedStreamsEngine adapter : watchedLenders) {
            for (EngineListener listener : endpointListeners) {
                adapter.endpoints.unwatch(listener);
            }
        }
        endpointListeners.clear();
        watchedLenders.clear();
        try {
            for (Consumers set : consumerSets) {
                stopConsumers(set);
            }
            producerClosed = true;
            GroupGauges sampler;
            synchronized (this) {
                sampler = gauges;
            }
            if (sampler != null) {
                sampler.stop();
            }
            if (trimmer != null) {
                trimmer.close();
            }
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
            if (ownConnections != null) {
                ownConnections.close();
            }
            if (trimPool != null) {
                trimPool.close();
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

    /** Builds a {@link RedStreamsEngine}. Not thread-safe; build once. */
    public static final class Builder {
        private EngineSettings settings;
        private EngineHost host;
        private ServerHosting hosting;
        private ProducerConnections connections;
        private MessageTracing tracing;
        private Object openTelemetry;

        private Builder() {
        }

        /**
         * Traces with {@code tracing} (unless {@code redstreams.tracing.enabled=false}); it takes precedence over
         * {@link #openTelemetry(Object)}. Default: OpenTelemetry when available, else none.
         */
        public Builder tracing(MessageTracing tracing) {
            this.tracing = tracing;
            return this;
        }

        /**
         * Traces with this {@code io.opentelemetry.api.OpenTelemetry} (typed {@code Object}, so that callers
         * without the API compile and load). Default ({@code null}): {@code GlobalOpenTelemetry} if the
         * application set it before the engine is built, else no tracing. Ignored when the API is not on the
         * engine's class path.
         */
        public Builder openTelemetry(Object openTelemetry) {
            this.openTelemetry = openTelemetry;
            return this;
        }

        /** The settings (required). */
        public Builder settings(EngineSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Who gives the engine its threads; default: a thread pool of its own, closed with the engine. */
        public Builder host(EngineHost host) {
            this.host = host;
            return this;
        }

        /**
         * Hosted by an application server: its threads ({@link ServerHosting#host()}, taken now, on the calling
         * thread), its producer connections and its Redis settings, where it offers them.
         */
        public Builder hosting(ServerHosting hosting) {
            this.hosting = hosting;
            return this;
        }

        /** Producer connections borrowed from another engine; default: a pool of its own. */
        public Builder producerConnections(ProducerConnections connections) {
            this.connections = connections;
            return this;
        }

        public RedStreamsEngine build() {
            if (settings == null) {
                throw new IllegalStateException("the engine needs settings");
            }
            return new RedStreamsEngine(this);
        }
    }
}
