package io.redstreams.impl.redis;

/**
 * A Redis Cluster node answered {@code MOVED slot host:port} or {@code ASK slot host:port}: the command was not
 * executed; it belongs to another node. Only connections to cluster nodes throw it, and only
 * {@link ClusterConnection} sees it: it follows the redirect and never lets this escape.
 */
final class RedisRedirectException extends RedisCommandException {

    private static final long serialVersionUID = 1L;

    private final int slot;
    private final transient RedisNode target;
    private final boolean ask;

    RedisRedirectException(String message, int slot, RedisNode target, boolean ask) {
        super(message, null);
        this.slot = slot;
        this.target = target;
        this.ask = ask;
    }

    int slot() {
        return slot;
    }

    /** The node that serves the slot now ({@code MOVED}) or for the next command only ({@code ASK}). */
    RedisNode target() {
        return target;
    }

    /** {@code ASK}: a slot migration is under way; the next command goes to the target after {@code ASKING}. */
    boolean ask() {
        return ask;
    }
}
