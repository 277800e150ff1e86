package io.redstreams.ra;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.redstreams.impl.engine.EngineHost;
import io.redstreams.impl.engine.PoolStatus;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.ServerHosting;
import jakarta.resource.spi.work.WorkManager;

/**
 * What the adapter lends the CDI side of applications deployed next to it (see
 * {@link ServerHosting}): WorkManager threads for their consumer loops, and producer connections
 * from the pool of the adapter's engine, which the adapter closes.
 *
 * <p>Each application engine gets a host of its own, which remembers that application's context
 * class loader (the engine is created on one of its threads) and sets it on the WorkManager
 * threads that run its loops. When the adapter stops before the application, the hosts refuse
 * new loops and release the running ones.
 */
final class AdapterHosting implements ServerHosting {

    private final WorkManager workManager;
    private final boolean offerHints;
    private final RedStreamsEngine engine;
    private final String description;
    private final Supplier<PoolStatus> outbound;
    private final Set<WorkManagerEngineHost> hosts = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean withdrawn;

    /**
     * @param engine the adapter's engine, whose producer connections the hosted applications share (it opens
     *               nothing until the first send); {@link #close()} closes them
     * @param outbound the adapter's outbound (JCA) connections now, for the health data of hosted applications
     */
    AdapterHosting(WorkManager workManager, boolean offerHints, RedStreamsEngine engine, String description,
                   Supplier<PoolStatus> outbound) {
        this.workManager = workManager;
        this.offerHints = offerHints;
        this.engine = engine;
        this.description = description;
        this.outbound = outbound;
    }

    /** The adapter's outbound connections, which the server pools: {@code jca-pool} in hosted applications' health. */
    @Override
    public List<PoolStatus> pools() {
        return List.of(outbound.get());
    }

    @Override
    public RedStreamsEngine lender() {
        return engine;
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
            // the last hosted application left: so do its idle producer connections
            engine.producerConnections().clearIdle();
        }
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
        engine.producerConnections().close(); // every borrow fails from now on
    }

    @Override
    public String toString() {
        return "AdapterHosting[" + description + "]";
    }
}
