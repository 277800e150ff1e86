package io.redstreams.impl.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.redstreams.ConsumerInfo;
import io.redstreams.GroupInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;

/**
 * {@link RedisConnection} on a Redis Cluster: each command goes to the master that owns its stream's slot, on a
 * connection to that node borrowed from its pool and kept until {@link #close()} (at most one per node: a worker that
 * reads one stream reads on one dedicated connection to its node). {@code MOVED} updates the slot map and sends the
 * command again to the new owner; {@code ASK} sends it once to the importing node after {@code ASKING}; a command
 * that certainly did not run because its node failed (e.g. {@code UNBLOCKED ... master -> replica} after a
 * failover) is sent again once when the slot map, read again, names another owner. Everything else fails as on a
 * single Redis. Commands without a key: {@link #serverTimeMs()} asks the node used last, {@link #clientNames()} asks
 * every master.
 *
 * <p>{@link #clientId()} is a handle of this object, not a {@code CLIENT ID}: {@link #unblock(long)} on any cluster
 * connection of this JVM finds the node and the real client id of the read that handle runs, and sends
 * {@code CLIENT UNBLOCK} to that node. Not thread-safe (one user, like every {@link RedisConnection}), except that
 * another connection may unblock its read.
 */
final class ClusterConnection implements RedisConnection {

    /** Redirects followed per command before it fails as "not processed". */
    static final int MAX_REDIRECTS = 5;

    private static final AtomicLong HANDLES = new AtomicLong(1);
    private static final Map<Long, ClusterConnection> BY_HANDLE = new ConcurrentHashMap<>();

    private final ClusterTopology topology;
    private final boolean ownsTopology;
    private final Map<RedisNode, Borrowed> held = new HashMap<>(4);
    private final ClusterPipeline pipeline = new ClusterPipeline(this);
    private RedisNode lastNode;
    private long handle = -1;
    // The blocking read under way: its node and its connection's CLIENT ID there (for CLIENT UNBLOCK).
    private volatile RedisNode readNode;
    private volatile long readClientId = -1;

    ClusterConnection(ClusterTopology topology) {
        this(topology, false);
    }

    /** @param ownsTopology close the topology (and its pools) with this connection: a connection outside any pool */
    ClusterConnection(ClusterTopology topology, boolean ownsTopology) {
        this.topology = topology;
        this.ownsTopology = ownsTopology;
    }

    /** A connection to one node, borrowed from that node's pool. */
    record Borrowed(RedisNode node, JedisRedisConnection connection) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }
    }

    /** A command on one node's connection. */
    interface NodeCommand<T> {
        T run(JedisRedisConnection c);
    }

    ClusterTopology topology() {
        return topology;
    }

    // ---- routing ----

    /** Runs a command on the owner of {@code key}'s slot, following redirects (see the class comment). */
    <T> T routed(String key, NodeCommand<T> command) {
        return routed(key, command, false);
    }

    private <T> T routed(String key, NodeCommand<T> command, boolean blocking) {
        int slot = ClusterSlots.slotOf(key);
        RedisNode asking = null;
        // A MOVED target is followed as it is: the map, read again meanwhile from a node that has not heard of the
        // move yet, could send the command back where it came from.
        RedisNode movedTo = null;
        boolean retriedOnNewOwner = false;
        RedisRedirectException lastRedirect = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            RedisNode node = asking != null ? asking : movedTo != null ? movedTo : topology.owner(slot);
            try {
                JedisRedisConnection c = connectionTo(node);
                if (blocking) { // before ASKING, which holds for the next command only
                    readClientId = c.nodeClientId();
                    readNode = node;
                }
                if (asking != null) {
                    c.asking();
                }
                return command.run(c);
            } catch (RedisRedirectException r) {
                lastRedirect = r;
                if (r.ask()) {
                    asking = r.target();
                } else {
                    asking = null;
                    movedTo = r.target();
                    topology.moved(r.slot(), r.target());
                }
            } catch (RedisConnectionException e) {
                long noticed = System.nanoTime();
                drop(node);
                topology.suspect();
                if (!e.notProcessed() || retriedOnNewOwner) {
                    throw e;
                }
                // certainly not executed: once more if the node that failed no longer owns the slot
                try {
                    topology.refresh(noticed);
                    if (node.equals(topology.owner(slot))) {
                        throw e;
                    }
                } catch (RedisConnectionException refresh) {
                    throw e;
                }
                retriedOnNewOwner = true;
                asking = null;
                movedTo = null;
            } finally {
                if (blocking) {
                    readNode = null;
                    readClientId = -1;
                }
            }
        }
        throw new RedisConnectionException("Not served by " + topology.target() + ": slot " + slot + " was redirected"
                + " more than " + MAX_REDIRECTS + " times (last: " + lastRedirect.getMessage() + ")", null, true);
    }

    /** Runs a command without a key on one node (no redirects to follow). */
    <T> T on(RedisNode node, NodeCommand<T> command) {
        try {
            return command.run(connectionTo(node));
        } catch (RedisConnectionException e) {
            drop(node);
            topology.suspect();
            throw e;
        }
    }

    /** This connection's connection to {@code node}: the one held, unless it broke, or a new one from the pool. */
    private JedisRedisConnection connectionTo(RedisNode node) {
        lastNode = node;
        Borrowed b = held.get(node);
        if (b != null && !b.connection().isBroken()) {
            return b.connection();
        }
        if (b != null) {
            held.remove(node);
            b.close();
        }
        b = topology.borrow(node);
        held.put(node, b);
        return b.connection();
    }

    /** Gives back (and so discards, when broken) the connection to {@code node}. */
    private void drop(RedisNode node) {
        Borrowed b = held.remove(node);
        if (b != null) {
            b.close();
        }
    }

    // ---- commands on one stream ----

    @Override
    public String add(String stream, Map<String, byte[]> fields, long maxLen) {
        return routed(stream, c -> c.add(stream, fields, maxLen));
    }

    @Override
    public String add(String stream, Map<String, byte[]> fields, StreamTrim trim) {
        return routed(stream, c -> c.add(stream, fields, trim));
    }

    @Override
    public List<String> addAll(List<OutgoingEntry> entries, Function<String, StreamTrim> trimOf) {
        return pipeline.addAll(entries, trimOf);
    }

    @Override
    public List<String> addAll(List<OutgoingEntry> entries, long maxLen) {
        StreamTrim trim = StreamTrim.maxLen(maxLen);
        return pipeline.addAll(entries, s -> trim);
    }

    @Override
    public long trim(String stream, StreamTrim trim) {
        return routed(stream, c -> c.trim(stream, trim));
    }

    @Override
    public long length(String stream) {
        return routed(stream, c -> c.length(stream));
    }

    @Override
    public String addIdempotent(String stream, String markerKey, long retentionMs, Map<String, byte[]> fields,
                                long maxLen) {
        if (ClusterSlots.slotOf(stream) != ClusterSlots.slotOf(markerKey)) {
            throw new RedisCommandException("The idempotency marker '" + markerKey + "' does not hash to the slot of"
                    + " stream '" + stream + "'", null);
        }
        return routed(stream, c -> c.addIdempotent(stream, markerKey, retentionMs, fields, maxLen));
    }

    @Override
    public boolean createGroup(String stream, String group, String startId) {
        return routed(stream, c -> c.createGroup(stream, group, startId));
    }

    @Override
    public List<RawEntry> readGroup(String stream, String group, String consumer, String fromId, int count,
                                    long blockMs) {
        return blockingRead(stream, blockMs,
                block -> c -> c.readGroup(stream, group, consumer, fromId, count, block));
    }

    @Override
    public List<RawEntry> read(String stream, String afterId, int count, long blockMs) {
        return blockingRead(stream, blockMs, block -> c -> c.read(stream, afterId, count, block));
    }

    /**
     * A read that may block. When the stream is migrated to another node while the read blocks, Redis ends it with
     * {@code UNBLOCKED the stream key no longer exists}: the read is then repeated once without blocking, which the
     * old node redirects to the new one. Only if the stream is really gone (the repeat finds no group) does the
     * caller see the deletion.
     */
    private List<RawEntry> blockingRead(String stream, long blockMs,
                                        Function<Long, NodeCommand<List<RawEntry>>> read) {
        try {
            return routed(stream, read.apply(blockMs), blockMs > 0);
        } catch (RedisCommandException e) {
            if (!e.isStreamDeleted() || e instanceof RedisRedirectException) {
                throw e;
            }
            topology.suspect();
            try {
                return routed(stream, read.apply(0L), false);
            } catch (RedisCommandException again) {
                if (again.isNoGroup()) {
                    throw e;
                }
                throw again;
            }
        }
    }

    @Override
    public long ack(String stream, String group, Collection<String> ids) {
        return routed(stream, c -> c.ack(stream, group, ids));
    }

    @Override
    public List<RawEntry> claim(String stream, String group, String consumer, Collection<String> ids) {
        return routed(stream, c -> c.claim(stream, group, consumer, ids));
    }

    @Override
    public boolean setDeliveryCount(String stream, String group, String consumer, String id, long count) {
        return routed(stream, c -> c.setDeliveryCount(stream, group, consumer, id, count));
    }

    @Override
    public AutoClaimResult autoClaim(String stream, String group, String consumer, long minIdleMs, String cursor,
                                     int count) {
        return routed(stream, c -> c.autoClaim(stream, group, consumer, minIdleMs, cursor, count));
    }

    @Override
    public Map<String, Long> deliveryCounts(String stream, String group, String consumer, String fromId,
                                            String toId, int count) {
        return routed(stream, c -> c.deliveryCounts(stream, group, consumer, fromId, toId, count));
    }

    @Override
    public String addRaw(String stream, List<byte[]> namesAndValues) {
        return routed(stream, c -> c.addRaw(stream, namesAndValues));
    }

    @Override
    public String addRaw(String stream, List<byte[]> namesAndValues, long maxLen) {
        return routed(stream, c -> c.addRaw(stream, namesAndValues, maxLen));
    }

    @Override
    public int keepOwned(String stream, String group, String consumer, Collection<String> ids) {
        return routed(stream, c -> c.keepOwned(stream, group, consumer, ids));
    }

    @Override
    public List<String> deleteIdleConsumers(String stream, String group, long minIdleMs, Collection<String> keep) {
        return routed(stream, c -> c.deleteIdleConsumers(stream, group, minIdleMs, keep));
    }

    @Override
    public Map<String, Long> consumerIdleTimes(String stream, String group) {
        return routed(stream, c -> c.consumerIdleTimes(stream, group));
    }

    @Override
    public List<RawEntry> range(String stream, String start, String end, int count) {
        return routed(stream, c -> c.range(stream, start, end, count));
    }

    @Override
    public List<RawEntry> reverseRange(String stream, String end, String start, int count) {
        return routed(stream, c -> c.reverseRange(stream, end, start, count));
    }

    @Override
    public List<GroupInfo> groups(String stream) {
        return routed(stream, c -> c.groups(stream));
    }

    @Override
    public List<ConsumerInfo> consumers(String stream, String group) {
        return routed(stream, c -> c.consumers(stream, group));
    }

    @Override
    public PendingSummary pendingSummary(String stream, String group) {
        return routed(stream, c -> c.pendingSummary(stream, group));
    }

    @Override
    public List<PendingEntry> pendingEntries(String stream, String group, String consumer, String fromId,
                                             String toId, int count) {
        return routed(stream, c -> c.pendingEntries(stream, group, consumer, fromId, toId, count));
    }

    @Override
    public String lastGeneratedId(String stream) {
        return routed(stream, c -> c.lastGeneratedId(stream));
    }

    @Override
    public long delete(String stream, Collection<String> ids) {
        return routed(stream, c -> c.delete(stream, ids));
    }

    // ---- commands without a key ----

    /** TIME of the node this connection used last (the one of the stream just worked on), else of a master. */
    @Override
    public long serverTimeMs() {
        RedisNode node = lastNode != null ? lastNode : topology.masters().get(0);
        return on(node, JedisRedisConnection::serverTimeMs);
    }

    /**
     * CLIENT LIST of every master, merged: each name as often as on the node where it is most frequent. A
     * connection of one role is opened per node an instance touches, so "how many instances hold this name" is that
     * maximum, not the sum.
     */
    @Override
    public List<String> clientNames() {
        Map<String, Integer> most = new LinkedHashMap<>();
        RedisConnectionException failure = null;
        int answered = 0;
        for (RedisNode node : topology.masters()) {
            List<String> names;
            try {
                names = on(node, JedisRedisConnection::clientNames);
            } catch (RedisConnectionException e) {
                failure = e;
                continue;
            }
            answered++;
            Map<String, Integer> here = new HashMap<>();
            for (String name : names) {
                here.merge(name, 1, Integer::sum);
            }
            here.forEach((name, n) -> most.merge(name, n, Math::max));
        }
        if (answered == 0 && failure != null) {
            throw failure;
        }
        List<String> merged = new ArrayList<>();
        most.forEach((name, n) -> {
            for (int i = 0; i < n; i++) {
                merged.add(name);
            }
        });
        return merged;
    }

    /** A handle that {@link #unblock(long)} understands (see the class comment); no round trip. */
    @Override
    public long clientId() {
        if (handle < 0) {
            handle = HANDLES.getAndIncrement();
            BY_HANDLE.put(handle, this);
        }
        return handle;
    }

    /** CLIENT UNBLOCK, on the node of the read that runs under {@code handle}, for its real client id there. */
    @Override
    public void unblock(long handle) {
        ClusterConnection reader = BY_HANDLE.get(handle);
        if (reader == null) {
            return; // closed: nothing blocks under it
        }
        RedisNode node = reader.readNode;
        long id = reader.readClientId;
        if (node == null || id < 0) {
            return; // no blocking read under way
        }
        on(node, c -> {
            c.unblock(id);
            return null;
        });
    }

    @Override
    public void close() {
        if (handle >= 0) {
            BY_HANDLE.remove(handle, this);
            handle = -1;
        }
        for (Borrowed b : held.values()) {
            b.close();
        }
        held.clear();
        if (ownsTopology) {
            topology.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterConnection[" + held.keySet() + ", " + topology + "]";
    }
}
