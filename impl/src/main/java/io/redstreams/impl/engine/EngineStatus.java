package io.redstreams.impl.engine;

import java.util.List;

/**
 * The engine's state as health checks read it, cheaply (no Redis round trip, no lock held across anything slow).
 * Immutable.
 *
 * @param consumers every consumer of every started set of the engine's own application (CDI {@code @StreamConsumer}
 *                  methods, or plain-Java specs), in start order
 * @param endpoints the consumers of message-driven beans: for the resource adapter's engine its own activations; for
 *                  an application engine hosted by the adapter, the adapter's activations whose bean class the
 *                  application can load (see {@link RedStreamsEngine#prepareEndpointConsumers}); their
 *                  {@link ConsumerStatus#name()} is the bean's class name
 * @param pools     the producer connection pools (the engine's own, or the one it borrows, and what the hosting
 *                  adapter reports of its outbound connections)
 * @param closed    whether the engine is closed
 */
public record EngineStatus(List<ConsumerStatus> consumers, List<ConsumerStatus> endpoints, List<PoolStatus> pools,
                           boolean closed) {

    public EngineStatus {
        consumers = List.copyOf(consumers);
        endpoints = List.copyOf(endpoints);
        pools = List.copyOf(pools);
    }

    /** A status without message-driven beans. */
    public EngineStatus(List<ConsumerStatus> consumers, List<PoolStatus> pools, boolean closed) {
        this(consumers, List.of(), pools, closed);
    }
}
