package io.redstreams.impl.engine;

/**
 * A pool of Redis connections, now: for health data. Immutable.
 *
 * @param name   what the pool is for, e.g. {@code producer}
 * @param active connections lent out
 * @param open   connections open (lent out or idle)
 * @param max    most connections it opens
 */
public record PoolStatus(String name, int active, int open, int max) {
}
