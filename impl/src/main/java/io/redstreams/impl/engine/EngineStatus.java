package io.redstreams.impl.engine;

import java.util.List;

/**
 * The engine's state as health checks read it, cheaply (no Redis round trip, no lock held across anything slow).
 * Immutable.
 *
 * @param consumers every consumer of every started set, in start order
 * @param pools     the producer connection pools (the engine's own, or the one it borrows)
 * @param closed    whether the engine is closed
 */
public record EngineStatus(List<ConsumerStatus> consumers, List<PoolStatus> pools, boolean closed) {

    public EngineStatus {
        consumers = List.copyOf(consumers);
        pools = List.copyOf(pools);
    }
}
