package io.redstreams.impl.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Which master of a Redis Cluster owns each of the 16384 slots, as {@code CLUSTER SLOTS} said at one moment.
 * Immutable: a {@code MOVED} makes a copy with one slot changed.
 */
final class ClusterSlots {

    static final int SLOTS = 16384;

    private final RedisNode[] owners;

    private ClusterSlots(RedisNode[] owners) {
        this.owners = owners;
    }

    /** The slot of a key: CRC16 of its hash tag (the first non-empty {@code {...}}) or of the whole key. */
    static int slotOf(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /**
     * Parses a {@code CLUSTER SLOTS} reply: {@code [[start, end, [host, port, id, ...], replica...], ...]}. A master
     * listed without a host ({@code ""} or {@code "?"}: the node does not know its own address) is taken to be at
     * the host of the node that answered.
     *
     * @param askedNode the node that answered
     * @throws IllegalArgumentException when the reply has another shape
     */
    static ClusterSlots parse(List<Object> reply, RedisNode askedNode) {
        RedisNode[] owners = new RedisNode[SLOTS];
        for (Object range : reply) {
            if (!(range instanceof List<?> r) || r.size() < 3 || !(r.get(2) instanceof List<?> master)
                    || master.size() < 2) {
                throw new IllegalArgumentException("unexpected CLUSTER SLOTS entry: " + range);
            }
            int start = ((Number) r.get(0)).intValue();
            int end = ((Number) r.get(1)).intValue();
            String host = text(master.get(0));
            int port = ((Number) master.get(1)).intValue();
            RedisNode node = new RedisNode(host.isEmpty() || "?".equals(host) ? askedNode.host() : host, port);
            for (int slot = Math.max(0, start); slot <= Math.min(SLOTS - 1, end); slot++) {
                owners[slot] = node;
            }
        }
        return new ClusterSlots(owners);
    }

    /** The master that owns the slot, or {@code null} when no node covers it (the cluster is incomplete). */
    RedisNode owner(int slot) {
        return owners[slot];
    }

    /** A copy in which {@code node} owns {@code slot} ({@code MOVED}). */
    ClusterSlots moved(int slot, RedisNode node) {
        if (node.equals(owners[slot])) {
            return this;
        }
        RedisNode[] copy = Arrays.copyOf(owners, SLOTS);
        copy[slot] = node;
        return new ClusterSlots(copy);
    }

    /** Every master that owns at least one slot, in slot order. */
    List<RedisNode> masters() {
        Set<RedisNode> masters = new LinkedHashSet<>();
        for (RedisNode owner : owners) {
            if (owner != null) {
                masters.add(owner);
            }
        }
        return new ArrayList<>(masters);
    }

    /** How many slots no node covers. */
    int uncovered() {
        int n = 0;
        for (RedisNode owner : owners) {
            if (owner == null) {
                n++;
            }
        }
        return n;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    @Override
    public String toString() {
        return "ClusterSlots" + masters();
    }
}
