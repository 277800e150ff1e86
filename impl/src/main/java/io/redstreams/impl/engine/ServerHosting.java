package io.redstreams.impl.engine;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What an application server lends the engine through the redstreams resource adapter: threads
 * from its WorkManager, and the producer connections and Redis settings of the adapter's own
 * engine. The adapter installs
 * it when it starts and removes it when it stops; the CDI extension of an application deployed
 * next to it finds it here. Outside a server nothing is installed and the engine uses threads
 * and connections of its own.
 */
public interface ServerHosting {

    /** Threads for the engine's loops; the host's {@code close()} must not stop the adapter's WorkManager. */
    EngineHost host();

    /**
     * The adapter's own engine, which lends hosted engines its pooled producer connections and its Redis
     * settings.
     */
    RedStreamsEngine lender();

    /** The lender's pooled producer connections, which hosted engines share. */
    default ProducerConnections producerConnections() {
        return lender().producerConnections();
    }

    /**
     * The lender's settings: hosted applications connect to the adapter's Redis (address, credentials, TLS,
     * client name), so an application needs no Redis configuration of its own.
     */
    default EngineSettings settings() {
        return lender().settings();
    }

    /**
     * Connection pools the server keeps for the adapter, besides the lender's producer pool, for the health data of
     * hosted applications: the adapter's outbound (JCA) connections, which the server pools ({@link PoolStatus#max()}
     * {@link PoolStatus#UNKNOWN}). In memory; cheap; thread-safe. Default: none.
     */
    default List<PoolStatus> pools() {
        return List.of();
    }

    /** A short description for logs, e.g. the adapter's name. */
    String describe();

    /** The hosting the adapter installed, if any. */
    static Optional<ServerHosting> installed() {
        List<ServerHosting> all = Holder.installed;
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Every hosting installed now, in install order: on WildFly the deployed adapter's first, then one per
     * {@code @ConnectionFactoryDefinition} (an adapter instance of its own, see {@link Holder}). Message-driven beans
     * are activated on the deployed adapter's instance, while an application is hosted by the latest
     * ({@link #installed()}): a hosted engine looks for the beans it deploys in all of them. A copy; thread-safe.
     */
    static List<ServerHosting> everyInstalled() {
        return List.copyOf(Holder.installed);
    }

    /** Called by the resource adapter when it starts. */
    static void install(ServerHosting hosting) {
        Holder.installed.add(hosting);
    }

    /** Called by the resource adapter when it stops; only removes the given hosting. */
    static void uninstall(ServerHosting hosting) {
        Holder.installed.remove(hosting);
    }

    /**
     * The installed hostings of this class loader (i.e. of one deployed adapter); the latest wins.
     * A list, not one slot: WildFly starts a second adapter instance per connection factory
     * definition, and its stop must not uninstall the first one's hosting.
     */
    final class Holder {
        private static final List<ServerHosting> installed = new CopyOnWriteArrayList<>();

        private Holder() {
        }
    }
}
