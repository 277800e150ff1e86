package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

import io.redstreams.RedStreamsException;
import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.engine.ConsumerStatus;
import io.redstreams.impl.engine.EngineHost;
import io.redstreams.impl.engine.EngineSignals;
import io.redstreams.impl.engine.TaskTracker;
import io.redstreams.impl.engine.TracingWall;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisSettings;

/**
 * All consumers of one application: their worker connections, worker and handler loops and the
 * acknowledgement flusher. {@link #start()} is all-or-nothing; {@link #stop()} stops reading,
 * lets running methods finish within the shutdown timeout, interrupts the rest, sends the
 * outstanding acknowledgements and closes every connection.
 */
public final class Consumers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Consumers.class.getName());

    private final List<ConsumerSpec> specs;
    /** Replaced once, in {@link #start()}, when the derived default name is taken by another instance. */
    private volatile ConsumerSettings settings;
    private final EngineHost host;
    private final RedisConnectionPool pool;
    private final AckFlusher acks;
    private final List<ConsumerWorker> workers = new ArrayList<>();
    private final TaskTracker loops = new TaskTracker();
    private final TaskTracker ackLoop = new TaskTracker();
    private final TaskTracker watchdogLoop = new TaskTracker();
    private final Watchdog watchdog = new Watchdog();
    private final LoopSupervisor supervisor = new LoopSupervisor();
    private final TaskTracker leaseLoop = new TaskTracker();
    private final RedisSettings redis;
    private final int socketTimeoutMs;
    private RedisConnectionPool leasePool;
    private LeaseKeeper lease;
    private String leaseName;
    /** Volatile: {@link #status()} reads them without the lock that {@link #stop()} holds while draining. */
    private volatile boolean started;
    private volatile boolean stopped;

    /**
     * @throws IllegalArgumentException listing every problem of every spec, each with the spec's name
     */
    public Consumers(List<ConsumerSpec> specs, ConsumerSettings settings, RedisSettings redis, EngineHost host,
                     JsonMapper json) {
        this(specs, settings, redis, host, json, EngineSignals.none());
    }

    /**
     * @param signals told of dead letters, outages and claims (on the consumers' threads; it contains failures)
     * @throws IllegalArgumentException listing every problem of every spec, each with the spec's name
     */
    public Consumers(List<ConsumerSpec> specs, ConsumerSettings settings, RedisSettings redis, EngineHost host,
                     JsonMapper json, EngineSignals signals) {
        this(specs, settings, redis, host, json, signals, TracingWall.NONE);
    }

    /**
     * @param signals told of dead letters, outages and claims (on the consumers' threads; it contains failures)
     * @param tracing opens a span around each delivery
     * @throws IllegalArgumentException listing every problem of every spec, each with the spec's name
     */
    public Consumers(List<ConsumerSpec> specs, ConsumerSettings settings, RedisSettings redis, EngineHost host,
                     JsonMapper json, EngineSignals signals, TracingWall tracing) {
        List<String> problems = problems(specs, settings.defaultConsumerName());
        problems.addAll(settings.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid stream consumers:\n  " + String.join("\n  ", problems));
        }
        this.specs = List.copyOf(specs);
        this.settings = settings;
        this.host = host;
        // One dedicated connection per worker for its blocking reads, plus as many again (and a
        // few) for acks, claims, dead letters and CLIENT UNBLOCK. The socket timeout outlasts
        // the longest block.
        int size = specs.size() * 2 + 4;
        this.redis = redis;
        int socketTimeout = (int) Math.min(Integer.MAX_VALUE, redis.timeoutMs() + settings.blockMs());
        this.socketTimeoutMs = socketTimeout;
        this.pool = new RedisConnectionPool(redis, "worker", size, socketTimeout);
        this.acks = new AckFlusher(pool, settings.reconnectMaxBackoffMs(), signals);
        for (ConsumerSpec spec : specs) {
            workers.add(new ConsumerWorker(spec, settings, pool, acks, Decoders.of(spec, json), watchdog,
                    signals, tracing));
        }
    }

    /**
     * Every problem of the specs, each prefixed with the spec's name, including two specs that
     * would read as the same consumer of the same group.
     */
    public static List<String> problems(List<ConsumerSpec> specs, String defaultConsumerName) {
        List<String> problems = new ArrayList<>();
        Map<String, ConsumerSpec> byKey = new LinkedHashMap<>();
        for (ConsumerSpec spec : specs) {
            for (String p : spec.problems()) {
                problems.add(spec.name() + ": " + p);
            }
            if (spec.stream() != null && spec.group() != null) {
                ConsumerSpec other = byKey.putIfAbsent(spec.key(defaultConsumerName), spec);
                if (other != null) {
                    problems.add(spec.name() + ": stream '" + spec.stream() + "', group '" + spec.group()
                            + "' and consumer '" + (spec.consumer().isEmpty() ? defaultConsumerName : spec.consumer())
                            + "' are already declared by " + other.name()
                            + "; the two would steal each other's entries (use another group, or distinct consumer names)");
                }
            }
        }
        return problems;
    }

    /**
     * Starts every consumer, or none: if the host refuses a loop, what started is stopped again.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        createGroups();
        // The lease runs on a connection of its own, whose client name says which consumer name this instance
        // uses: how another instance that starts with the same name finds out (see checkDefaultName).
        leasePool = new RedisConnectionPool(redis, leaseRole(settings.defaultConsumerName()), 1, socketTimeoutMs);
        leaseName = settings.defaultConsumerName();
        ConsumerNames.inUseHere(leaseName);
        lease = new LeaseKeeper(workers, settings, leasePool);
        try {
            startLoop(ackLoop, "redstreams-acks", acks);
            startLoop(watchdogLoop, "redstreams-watchdog", watchdog);
            startLoop(leaseLoop, "redstreams-lease", lease);
            for (ConsumerWorker worker : workers) {
                ConsumerSpec spec = worker.spec();
                String label = spec.stream() + "/" + spec.group();
                for (int i = 0; i < worker.handlerThreads(); i++) {
                    String name = "redstreams-handler-" + label + "-" + i;
                    startLoop(loops, name, supervisor.supervise(spec.name(), name, worker.newLoop(),
                            worker::isRunning));
                }
                String name = "redstreams-worker-" + label;
                startLoop(loops, name, supervisor.supervise(spec.name(), name, worker, worker::isRunning));
            }
        } catch (RejectedExecutionException e) {
            stop();
            throw new RedStreamsException("Could not start the stream consumers: the host refused a thread ("
                    + e.getMessage() + ")", e);
        }
        LOG.info(() -> "redstreams: started " + workers.size() + " stream consumer(s) as '"
                + settings.defaultConsumerName() + "': " + specs);
    }

    /**
     * Creates the missing groups before start returns, so entries sent right after the
     * application started are seen by a group that starts from {@code $}. If Redis is not
     * reachable now, the workers create them when it is.
     */
    private void createGroups() {
        try (RedisConnection connection = pool.acquire()) {
            checkDefaultName(connection);
            for (ConsumerSpec spec : specs) {
                if (connection.createGroup(spec.stream(), spec.group(), spec.startFrom())) {
                    LOG.info(() -> spec.name() + ": created group " + spec.group() + " on " + spec.stream()
                            + " from " + spec.startFrom());
                }
            }
        } catch (RedisConnectionException | RedisCommandException e) {
            LOG.warning(() -> "redstreams: Redis is not usable at start (" + e.getMessage()
                    + "); the consumers start anyway and connect when it is");
        }
    }

    /**
     * Whether another live instance reads under our default consumer name: it has a connection named
     * {@code <client-name>-lease@<consumer name>}. A derived default name is then replaced by {@code <name>-<pid>}
     * (with a warning); a configured one is kept, with a warning. Skipped when CLIENT LIST is not allowed.
     */
    private void checkDefaultName(RedisConnection connection) {
        String name = settings.defaultConsumerName();
        List<String> clients;
        try {
            clients = connection.clientNames();
        } catch (RedisCommandException e) {
            LOG.fine(() -> "redstreams: cannot check whether consumer name '" + name + "' is in use: "
                    + e.getMessage());
            return;
        }
        String marker = redis.clientName() + "-" + leaseRole(name);
        long holders = clients.stream().filter(marker::equals).count();
        if (holders <= ConsumerNames.usedHere(name)) {
            return; // nobody, or only consumer sets of this JVM (several message-driven beans in one server)
        }
        if (settings.derivedConsumerName()) {
            String unique = ConsumerNames.withPid(name);
            LOG.warning(() -> "redstreams: another live instance already consumes as '" + name + "'; this one uses '"
                    + unique + "', which changes on every restart. Give each instance a stable name of its own with "
                    + "redstreams.consumer.name (env REDSTREAMS_CONSUMER_NAME)");
            settings = settings.withDefaultConsumerName(unique);
            workers.forEach(w -> w.useDefaultName(unique));
        } else {
            LOG.warning(() -> "redstreams: another live instance already consumes as '" + name + "' (configured with"
                    + " redstreams.consumer.name); the two share one consumer's pending entries. Give each instance a"
                    + " name of its own");
        }
    }

    /** The client-name suffix of the lease connection: a client name allows no spaces, so they become '_'. */
    private static String leaseRole(String consumerName) {
        return "lease@" + consumerName.replaceAll("[^\\x21-\\x7e]", "_");
    }

    private void startLoop(TaskTracker tracker, String name, Runnable loop) {
        tracker.expect();
        try {
            host.start(name, tracker.track(loop));
        } catch (RuntimeException e) {
            tracker.done();
            throw e;
        }
    }

    /**
     * Stops all consumers; returns within about the shutdown timeout.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long start = System.currentTimeMillis();
        supervisor.stop();
        for (ConsumerWorker worker : workers) {
            worker.stop();
        }
        try {
            boolean done = false;
            long deadline = start + settings.shutdownTimeoutMs();
            while (!done && System.currentTimeMillis() < deadline) {
                done = loops.awaitAll(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
                if (!done) {
                    workers.forEach(ConsumerWorker::nudge);
                }
            }
            if (!done) {
                int n = loops.interruptAll();
                LOG.warning(() -> "redstreams: " + n + " consumer loop(s) still busy after the shutdown timeout of "
                        + settings.shutdownTimeoutMs() + " ms; interrupting them. Their entries stay pending and are"
                        + " delivered again.");
                loops.awaitAll(2000);
            }
            watchdog.stop();
            watchdogLoop.awaitAll(1000);
            // The lease lasts as long as the loops that hold entries: until here.
            if (lease != null) {
                lease.stop();
                leaseLoop.awaitAll(1000);
            }
            acks.stop();
            if (!ackLoop.awaitAll(Math.max(1000, settings.shutdownTimeoutMs() / 2))) {
                ackLoop.interruptAll();
                ackLoop.awaitAll(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.interruptAll();
            watchdog.stop();
            if (lease != null) {
                lease.stop();
            }
            ackLoop.interruptAll();
        } finally {
            pool.close();
            if (leasePool != null) {
                leasePool.close();
                ConsumerNames.releasedHere(leaseName);
            }
        }
        long took = System.currentTimeMillis() - start;
        LOG.info(() -> "redstreams: stopped " + workers.size() + " stream consumer(s) in " + took + " ms");
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Entries the consumers of {@code stream}'s {@code group} hold: read and not acknowledged yet (queued, running,
     * waiting for a retry, a dead-letter write or their XACK).
     */
    public int inFlight(String stream, String group) {
        int n = 0;
        for (ConsumerWorker w : workers) {
            if (w.spec().stream().equals(stream) && w.spec().group().equals(group)) {
                n += w.heldIds().size();
            }
        }
        return n;
    }

    /** Entries read and not finished yet (queued or running), over all consumers. */
    public int inFlight() {
        int n = 0;
        for (ConsumerWorker w : workers) {
            n += w.inFlightCount();
        }
        return n;
    }

    /**
     * What each consumer does now, without a Redis round trip or a lock that {@link #stop()} holds: for health
     * checks. A consumer is not live when one of its loops is not running (died and waiting to be restarted, or
     * taken back by its host), when a method runs on past its processing timeout, or when its reading loop has not
     * come round for {@link #stuckAfterMs()} while no method of it runs. A consumer waiting to reconnect is live.
     */
    public List<ConsumerStatus> status() {
        long now = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        boolean running = started && !stopped;
        List<ConsumerStatus> status = new ArrayList<>(workers.size());
        for (ConsumerWorker worker : workers) {
            ConsumerSpec spec = worker.spec();
            String failure = worker.outage.currentFailure();
            ConsumerStatus.State state = !running || !worker.isRunning() ? ConsumerStatus.State.STOPPED
                    : failure != null ? ConsumerStatus.State.RECONNECTING
                    : worker.waker.connected() ? ConsumerStatus.State.READING
                    : ConsumerStatus.State.STARTING;
            String notLive = null;
            if (running) {
                notLive = supervisor.down(spec.name());
                if (notLive == null) {
                    notLive = watchdog.stuck(spec.name(), nowNanos);
                }
                long quiet = now - worker.outage.lastReportMillis();
                if (notLive == null && quiet > stuckAfterMs() && !watchdog.calling(spec.name())) {
                    notLive = "its reading loop has not come back for " + quiet + " ms (block time "
                            + settings.blockMs() + " ms)";
                }
            }
            status.add(new ConsumerStatus(spec.name(), spec.stream(), spec.group(), worker.consumerName(), state,
                    state == ConsumerStatus.State.RECONNECTING ? failure : null, worker.waker.lastReadMillis(),
                    worker.heldIds().size(), notLive));
        }
        return status;
    }

    /**
     * How long a reading loop may stay away, while no method of its consumer runs, before it counts as stuck: far
     * longer than a read can block, a command can wait and a reconnect backoff lasts (3 x (block + Redis timeout) +
     * the reconnect backoff + 10 s).
     */
    long stuckAfterMs() {
        return 3 * (settings.blockMs() + redis.timeoutMs()) + settings.reconnectMaxBackoffMs() + 10_000;
    }

    /**
     * How many times a consumer loop (worker or handler) died or ended while the consumers ran and was restarted;
     * each was logged at SEVERE. For a liveness signal: more than 0 means something went badly wrong at least once.
     */
    public long loopRestarts() {
        return supervisor.restarts();
    }

    /** How many consumer loops ended because their host interrupted their thread while the consumers ran. */
    public long loopsReleasedByHost() {
        return supervisor.released();
    }

    public List<ConsumerSpec> specs() {
        return specs;
    }

    public String defaultConsumerName() {
        return settings.defaultConsumerName();
    }
}
