package io.redstreams.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.MigrateParams;

/**
 * A throwaway Redis Cluster on 127.0.0.1: by default three masters (slots 0-5460, 5461-10922, 10923-16383) and one
 * replica of the second master ({@link #start(int, boolean)}: another number of masters, no replica), each a
 * {@link RedisServer} ({@code --cluster-enabled yes}, {@code --cluster-node-timeout 2000}, a free
 * {@code --cluster-port})
 * in its own temporary directory, joined with {@code CLUSTER ADDSLOTSRANGE}, {@code CLUSTER MEET} and
 * {@code CLUSTER REPLICATE} (no {@code redis-cli} process).
 *
 * <p>{@link #start()} returns once every node reports {@code cluster_state:ok}, agrees on the slot owners and the
 * replica is in sync. {@link #failover()} and {@link #migrate} change the cluster the way an operator would.
 * {@link #close()} stops every node by its pid and deletes the directories. For one thread.
 */
public final class RedisClusterSet implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int SLOTS = 16384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<Integer> busPorts = new ArrayList<>();
    private int masterCount;
    private int replicaPort = -1;
    private int replicatedMasterPort;

    private RedisClusterSet() {
    }

    /**
     * Starts three masters and a replica of the second and forms the cluster.
     *
     * @throws IllegalStateException naming the node that did not start or the condition that was not reached
     */
    public static RedisClusterSet start() {
        return start(3, true);
    }

    /**
     * Starts {@code masters} masters sharing the 16384 slots evenly (as {@code redis-cli --cluster create} splits
     * them: 3 masters get 0-5460, 5461-10922, 10923-16383), and with {@code replica} one replica of the second master
     * (of the only one when there is one). For a benchmark: 1 or 3 masters, no replica.
     *
     * @param masters 1 to 8
     * @throws IllegalStateException naming the node that did not start or the condition that was not reached
     */
    public static RedisClusterSet start(int masters, boolean replica) {
        if (masters < 1 || masters > 8) {
            throw new IllegalArgumentException("masters must be 1 to 8, was " + masters);
        }
        RedisClusterSet set = new RedisClusterSet();
        set.masterCount = masters;
        try {
            for (int i = 0; i < masters + (replica ? 1 : 0); i++) {
                int busPort = RedisServer.freePort();
                set.busPorts.add(busPort);
                set.servers.add(RedisServer.start(new RedisServer.Options().args(
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000",
                        // a bus port of its own: the default (port + 10000) fails for ports above 55535
                        "--cluster-port", Integer.toString(busPort))));
            }
            set.form();
            return set;
        } catch (RuntimeException | Error e) {
            set.close();
            throw e;
        }
    }

    private void form() {
        for (int i = 0; i < masterCount; i++) {
            try (Jedis node = connect(servers.get(i).port())) {
                node.sendCommand(Protocol.Command.CLUSTER, "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                int first = (int) ((long) SLOTS * i / masterCount);
                int last = (int) ((long) SLOTS * (i + 1) / masterCount) - 1;
                if (masterCount == 3) { // exactly redis-cli's split
                    first = new int[] {0, 5461, 10923}[i];
                    last = new int[] {5460, 10922, 16383}[i];
                }
                node.sendCommand(Protocol.Command.CLUSTER, "ADDSLOTSRANGE", Integer.toString(first),
                        Integer.toString(last));
            }
        }
        try (Jedis first = connect(servers.get(0).port())) {
            for (int i = 1; i < servers.size(); i++) {
                first.sendCommand(Protocol.Command.CLUSTER, "MEET", HOST, Integer.toString(servers.get(i).port()),
                        Integer.toString(busPorts.get(i)));
            }
        }
        await("every node to know all the others", () -> servers.stream().allMatch(s -> {
            try (Jedis node = connect(s.port())) {
                String nodes = node.clusterNodes();
                return nodes.lines().count() == servers.size() && !nodes.contains("handshake")
                        && !nodes.contains("noaddr");
            }
        }));
        replicatedMasterPort = servers.get(Math.min(1, masterCount - 1)).port();
        if (servers.size() == masterCount) {
            awaitStable();
            return;
        }
        replicaPort = servers.get(masterCount).port();
        String masterId;
        try (Jedis master = connect(replicatedMasterPort)) {
            masterId = master.clusterMyId();
        }
        try (Jedis replica = connect(replicaPort)) {
            replica.clusterReplicate(masterId);
        }
        awaitStable();
    }

    /** Waits until every node says {@code cluster_state:ok} and names the same masters, and the replica is in sync. */
    public void awaitStable() {
        await("every node to report cluster_state:ok and the same slot owners, and the replica to be in sync", () -> {
            String owners = null;
            for (RedisServer s : servers) {
                try (Jedis node = connect(s.port())) {
                    if (!node.clusterInfo().contains("cluster_state:ok")) {
                        return false;
                    }
                    String mine = ownersSeenBy(node);
                    if (owners != null && !owners.equals(mine)) {
                        return false;
                    }
                    owners = mine;
                }
            }
            if (replicaPort < 0) {
                return true;
            }
            try (Jedis replica = connect(replicaPort)) {
                String info = replica.info("replication");
                return info.contains("role:slave") && info.contains("master_port:" + replicatedMasterPort)
                        && info.contains("master_link_status:up");
            }
        });
    }

    private static String ownersSeenBy(Jedis node) {
        StringBuilder s = new StringBuilder();
        for (Object range : node.clusterSlots()) {
            List<?> r = (List<?>) range;
            s.append(r.get(0)).append('-').append(r.get(1)).append(':').append(((List<?>) r.get(2)).get(1)).append(' ');
        }
        return s.toString();
    }

    /** @return the masters as {@code 127.0.0.1:p1,...}, for {@code redstreams.redis.cluster.nodes} */
    public String seeds() {
        return masterPorts().stream().map(p -> HOST + ":" + p).collect(Collectors.joining(","));
    }

    /** @return the ports of the nodes that are masters now, in slot order */
    public List<Integer> masterPorts() {
        try (Jedis node = connect(anyLivePort())) {
            List<Integer> ports = new ArrayList<>();
            for (Object range : node.clusterSlots()) {
                int port = ((Number) ((List<?>) ((List<?>) range).get(2)).get(1)).intValue();
                if (!ports.contains(port)) {
                    ports.add(port);
                }
            }
            return ports;
        }
    }

    /** @return the ports of all nodes (masters first, then the replica at start) */
    public List<Integer> allPorts() {
        return servers.stream().map(RedisServer::port).toList();
    }

    /**
     * @return the port of the master that has a replica (the second one at start; the replica after a failover);
     *         without a replica, the second master
     */
    public int replicatedMasterPort() {
        return replicatedMasterPort;
    }

    /** @return {@code CLUSTER KEYSLOT key} */
    public int slotOf(String key) {
        try (Jedis node = connect(anyLivePort())) {
            return (int) node.clusterKeySlot(key);
        }
    }

    /** @return the port of the master that owns the key's slot now */
    public int portOwning(String key) {
        int slot = slotOf(key);
        try (Jedis node = connect(anyLivePort())) {
            for (Object range : node.clusterSlots()) {
                List<?> r = (List<?>) range;
                if (((Number) r.get(0)).intValue() <= slot && slot <= ((Number) r.get(1)).intValue()) {
                    return ((Number) ((List<?>) r.get(2)).get(1)).intValue();
                }
            }
        }
        throw new IllegalStateException("no master owns slot " + slot);
    }

    /**
     * @return the first of {@code prefix0}, {@code prefix1}, ... that lands on the master at {@code port} (with
     *         {@code "{" + prefix + "}"} style names the tag is what counts: pass a prefix without braces and wrap
     *         the result yourself if you want a tag)
     */
    public String nameOn(int port, String prefix) {
        for (int i = 0; i < 10_000; i++) {
            String name = prefix + i;
            if (portOwning(name) == port) {
                return name;
            }
        }
        throw new IllegalStateException("no name " + prefix + "N lands on port " + port);
    }

    /** @return a plain connection to one node; the caller closes it */
    public Jedis connect(int port) {
        return new Jedis(new HostAndPort(HOST, port), plain(2000));
    }

    /**
     * {@code CLUSTER FAILOVER} on the replica (a coordinated switch: the master stops writes, the replica catches up,
     * then takes over); waits until every node names the replica as owner and the old master replicates it.
     *
     * @return the new master's port
     */
    public int failover() {
        if (replicaPort < 0) {
            throw new IllegalStateException("this cluster was started without a replica");
        }
        int oldMaster = replicatedMasterPort;
        int newMaster = replicaPort;
        try (Jedis replica = connect(newMaster)) {
            replica.clusterFailover();
        }
        replicatedMasterPort = newMaster;
        replicaPort = oldMaster;
        awaitStable();
        return newMaster;
    }

    /**
     * Moves one slot, with its keys, from one master to another as {@code redis-cli --cluster reshard} does:
     * {@code SETSLOT IMPORTING} on the target, {@code MIGRATING} on the source, {@code MIGRATE} of every key in the
     * slot, then {@code SETSLOT NODE} on both and the other masters. Returns once every node agrees.
     */
    public void migrate(int slot, int fromPort, int toPort) {
        migrate(slot, fromPort, toPort, () -> { });
    }

    /**
     * {@link #migrate(int, int, int)}, running {@code midway} after the keys moved and before {@code SETSLOT NODE}:
     * the source then answers {@code ASK} for the slot's keys, and only the target serves them (after
     * {@code ASKING}).
     */
    public void migrate(int slot, int fromPort, int toPort, Runnable midway) {
        String fromId;
        String toId;
        try (Jedis from = connect(fromPort); Jedis to = connect(toPort)) {
            fromId = from.clusterMyId();
            toId = to.clusterMyId();
            to.clusterSetSlotImporting(slot, fromId);
            from.clusterSetSlotMigrating(slot, toId);
            while (true) {
                List<String> keys = from.clusterGetKeysInSlot(slot, 100);
                if (keys.isEmpty()) {
                    break;
                }
                from.migrate(HOST, toPort, 0, 5000, MigrateParams.migrateParams(), keys.toArray(new String[0]));
            }
            midway.run();
            to.clusterSetSlotNode(slot, toId);
            from.clusterSetSlotNode(slot, toId);
        }
        for (int port : masterPorts()) {
            if (port != fromPort && port != toPort) {
                try (Jedis other = connect(port)) {
                    other.clusterSetSlotNode(slot, toId);
                }
            }
        }
        awaitStable();
    }

    private int anyLivePort() {
        for (RedisServer s : servers) {
            if (s.isRunning()) {
                return s.port();
            }
        }
        throw new IllegalStateException("no node of the cluster runs");
    }

    /** Stops every node by its pid and deletes its directory. Idempotent. */
    @Override
    public void close() {
        for (RedisServer server : servers) {
            server.close();
        }
        servers.clear();
    }

    @Override
    public String toString() {
        return "RedisClusterSet[nodes=" + servers.stream().map(RedisServer::port).toList() + "]";
    }

    private interface Condition {
        boolean holds();
    }

    private static void await(String what, Condition condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (JedisException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + READY_TIMEOUT + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static JedisClientConfig plain(int timeoutMs) {
        return DefaultJedisClientConfig.builder().resp2().autoNegotiateProtocol(false).timeoutMillis(timeoutMs)
                .clientSetInfoConfig(redis.clients.jedis.ClientSetInfoConfig.DISABLED).build();
    }

    static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
