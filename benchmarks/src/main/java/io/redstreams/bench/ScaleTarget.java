package io.redstreams.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.json.bind.Jsonb;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Redis the scaling benchmark runs against, as the harness sees it: one server ({@code redstreams.redis.url})
 * or a Redis Cluster ({@code redstreams.redis.cluster.nodes}, any subset of the nodes), with the credentials of
 * {@code redstreams.redis.user} / {@code redstreams.redis.password} when given. Data commands go through Jedis'
 * {@link RedisClient} or {@link RedisClusterClient} (which routes by key); {@code INFO} is asked of every node with a
 * connection of its own, so Redis CPU and command counts are sums over the whole deployment.
 */
final class ScaleTarget implements AutoCloseable {

    private final UnifiedJedis data;
    private final boolean cluster;
    private final JedisClientConfig nodeConfig;
    private final Set<HostAndPort> seeds;

    private ScaleTarget(UnifiedJedis data, boolean cluster, JedisClientConfig nodeConfig, Set<HostAndPort> seeds) {
        this.data = data;
        this.cluster = cluster;
        this.nodeConfig = nodeConfig;
        this.seeds = seeds;
    }

    /** From {@code redisUrl} (one server) or {@code clusterNodes} ({@code host:port,...}; wins when not blank). */
    static ScaleTarget connect(String redisUrl, String clusterNodes, String user, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().resp2()
                .clientName("scale-bench").socketTimeoutMillis(30_000);
        if (clusterNodes != null && !clusterNodes.isBlank()) {
            if (!user.isEmpty()) {
                config.user(user);
            }
            if (!password.isEmpty()) {
                config.password(password);
            }
            JedisClientConfig c = config.build();
            Set<HostAndPort> seeds = new LinkedHashSet<>();
            for (String node : clusterNodes.split(",")) {
                seeds.add(HostAndPort.from(node.trim()));
            }
            RedisClusterClient client = RedisClusterClient.builder().nodes(seeds).clientConfig(c).build();
            return new ScaleTarget(client, true, c, seeds);
        }
        URI uri = URI.create(redisUrl);
        String info = uri.getUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            String u = colon < 0 ? "" : info.substring(0, colon);
            String p = colon < 0 ? info : info.substring(colon + 1);
            if (!u.isEmpty()) {
                config.user(u);
            }
            config.password(p);
        } else {
            if (!user.isEmpty()) {
                config.user(user);
            }
            if (!password.isEmpty()) {
                config.password(password);
            }
        }
        if ("rediss".equals(uri.getScheme())) {
            config.ssl(true);
        }
        JedisClientConfig c = config.build();
        HostAndPort node = new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        RedisClient client = RedisClient.builder().hostAndPort(node).clientConfig(c).build();
        return new ScaleTarget(client, false, c, Set.of(node));
    }

    boolean cluster() {
        return cluster;
    }

    /** Every node: the one server, or each node the cluster client knows (masters and replicas). */
    List<HostAndPort> nodes() {
        if (!cluster) {
            return List.copyOf(seeds);
        }
        List<HostAndPort> nodes = new ArrayList<>();
        for (String node : ((RedisClusterClient) data).getClusterNodes().keySet()) {
            nodes.add(HostAndPort.from(node));
        }
        return nodes;
    }

    /** Where each stream lives: the node serving its hash slot (cluster) or the one server. */
    Map<String, String> owners(List<String> streams) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (String stream : streams) {
            if (cluster) {
                int slot = JedisClusterCRC16.getSlot(stream);
                try (Connection c = ((RedisClusterClient) data).getConnectionFromSlot(slot)) {
                    owners.put(stream, c.getHostAndPort() + " (slot " + slot + ")");
                }
            } else {
                owners.put(stream, seeds.iterator().next().toString());
            }
        }
        return owners;
    }

    /**
     * Deletes the streams and adds {@code total} orders, order {@code i} to stream {@code i % streams.size()} with
     * the id {@code 1-(i / streams.size() + 1)}, pipelined in chunks.
     */
    void fill(List<String> streams, int total, Jsonb jsonb) {
        for (String s : streams) {
            data.del(s);
        }
        int chunk = 2_000;
        int n = streams.size();
        for (int from = 0; from < total; from += chunk) {
            int to = Math.min(total, from + chunk);
            try (AbstractPipeline pipeline = data.pipelined()) {
                for (int i = from; i < to; i++) {
                    pipeline.xadd(streams.get(i % n), XAddParams.xAddParams().id(new StreamEntryID(1, i / n + 1)),
                            Map.of("payload", jsonb.toJson(Order.sample(i))));
                }
                pipeline.sync();
            }
        }
    }

    long length(String stream) {
        return data.xlen(stream);
    }

    /** A group on every stream, from the start. */
    void createGroup(List<String> streams, String group) {
        for (String s : streams) {
            data.xgroupCreate(s, group, new StreamEntryID(0, 0), false);
        }
    }

    /** Drops the group (its pending list and consumers) from every stream. */
    void dropGroup(List<String> streams, String group) {
        for (String s : streams) {
            data.xgroupDestroy(s, group);
        }
    }

    /** Whether {@code group} has read every entry of every stream and none is pending any more. */
    boolean drained(List<String> streams, String group, Map<String, StreamEntryID> lastIds) {
        for (String s : streams) {
            StreamGroupInfo g = data.xinfoGroups(s).stream().filter(i -> i.getName().equals(group)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no group " + group + " on " + s));
            if (g.getPending() != 0 || g.getLastDeliveredId().compareTo(lastIds.get(s)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Pending entries of {@code group}, summed over the streams. */
    long pending(List<String> streams, String group) {
        long n = 0;
        for (String s : streams) {
            for (StreamGroupInfo g : data.xinfoGroups(s)) {
                if (g.getName().equals(group)) {
                    n += g.getPending();
                }
            }
        }
        return n;
    }

    /** A snapshot of CPU seconds ({@code used_cpu_sys + used_cpu_user}) and command calls, summed over all nodes. */
    Snapshot snapshot() {
        double cpu = 0;
        Map<String, Long> calls = new TreeMap<>();
        for (HostAndPort node : nodes()) {
            try (Jedis jedis = new Jedis(node, nodeConfig)) {
                for (String line : jedis.info("cpu").split("\r?\n")) {
                    if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                        cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                for (String line : jedis.info("commandstats").split("\r?\n")) {
                    if (line.startsWith("cmdstat_")) {
                        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                        int at = line.indexOf("calls=") + "calls=".length();
                        int end = line.indexOf(',', at);
                        calls.merge(name, Long.parseLong(line.substring(at, end < 0 ? line.length() : end)),
                                Long::sum);
                    }
                }
            }
        }
        return new Snapshot(cpu, calls);
    }

    /** CPU seconds and command calls of the deployment at one moment. */
    record Snapshot(double cpuSeconds, Map<String, Long> calls) {

        /** Calls of {@code commands} since {@code before}. */
        long callsSince(Snapshot before, String... commands) {
            long n = 0;
            for (String c : commands) {
                n += calls.getOrDefault(c.toLowerCase(Locale.ROOT), 0L)
                        - before.calls.getOrDefault(c.toLowerCase(Locale.ROOT), 0L);
            }
            return n;
        }
    }

    @Override
    public void close() {
        data.close();
    }
}
