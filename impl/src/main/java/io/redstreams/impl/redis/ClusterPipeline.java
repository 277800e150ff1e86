package io.redstreams.impl.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.redstreams.RedStreamsException;

/**
 * Pipelined XADDs on a Redis Cluster: the entries are split by the node that owns each stream's slot, one pipeline
 * per node (in order within each node), and put back in order. Entries a node redirects are sent again: after
 * {@code MOVED} in a pipeline to the new owner, after {@code ASK} one by one with {@code ASKING}. Each entry keeps its
 * own outcome, as {@link RedisConnection#addAll(List, Function)} promises; when every entry went to one node and that
 * connection failed, the failure is thrown as it is (as on a single Redis).
 *
 * <p>The entries are encoded before the first is sent (they are grouped by node first), not while the pipeline is
 * written as on a single Redis.
 */
final class ClusterPipeline {

    private final ClusterConnection connection;

    ClusterPipeline(ClusterConnection connection) {
        this.connection = connection;
    }

    List<String> addAll(List<OutgoingEntry> entries, Function<String, StreamTrim> trimOf) {
        List<OutgoingEntry> all = new ArrayList<>(entries); // encodes each entry once
        int n = all.size();
        String[] ids = new String[n];
        RedStreamsException[] failures = new RedStreamsException[n];
        ClusterTopology topology = connection.topology();
        Map<RedisNode, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byNode.computeIfAbsent(topology.owner(ClusterSlots.slotOf(all.get(i).stream())), k -> new ArrayList<>())
                    .add(i);
        }
        RedisConnectionException whole = null;
        boolean oneNode = byNode.size() == 1;
        for (int hop = 0; !byNode.isEmpty(); hop++) {
            Map<RedisNode, List<Integer>> moved = new LinkedHashMap<>();
            for (Map.Entry<RedisNode, List<Integer>> group : byNode.entrySet()) {
                List<Integer> indexes = group.getValue();
                List<OutgoingEntry> sub = new ArrayList<>(indexes.size());
                for (int i : indexes) {
                    sub.add(all.get(i));
                }
                try {
                    List<String> added = connection.on(group.getKey(), c -> pipelineOn(c, sub, trimOf));
                    for (int k = 0; k < indexes.size(); k++) {
                        ids[indexes.get(k)] = added.get(k);
                    }
                } catch (RedisPipelineException p) {
                    for (int k = 0; k < indexes.size(); k++) {
                        int i = indexes.get(k);
                        RedStreamsException f = p.failures().get(k);
                        if (f == null) {
                            ids[i] = p.results().get(k);
                        } else if (f instanceof RedisRedirectException r && hop < ClusterConnection.MAX_REDIRECTS) {
                            if (r.ask()) {
                                askOne(all.get(i), r.target(), trimOf, i, ids, failures);
                            } else {
                                topology.moved(r.slot(), r.target());
                                moved.computeIfAbsent(r.target(), k2 -> new ArrayList<>()).add(i);
                            }
                        } else {
                            failures[i] = f instanceof RedisRedirectException r
                                    ? new RedisConnectionException(r.getMessage() + " (too many redirects)", null, true)
                                    : f;
                        }
                    }
                } catch (RedisConnectionException e) {
                    whole = e;
                    for (int i : indexes) {
                        failures[i] = e;
                    }
                }
            }
            byNode = moved;
        }
        boolean failed = false;
        for (RedStreamsException f : failures) {
            failed |= f != null;
        }
        if (!failed) {
            return new ArrayList<>(Arrays.asList(ids));
        }
        if (oneNode && whole != null && Arrays.stream(ids).allMatch(id -> id == null)) {
            throw whole;
        }
        throw new RedisPipelineException("Some XADDs of a pipeline to " + topology.target() + " failed",
                new ArrayList<>(Arrays.asList(ids)), new ArrayList<>(Arrays.asList(failures)));
    }

    /**
     * One node's pipeline. When some of its entries were redirected, the others were added without the WAIT of
     * {@code redstreams.producer.wait-replicas}: it is done here for them.
     */
    private static List<String> pipelineOn(JedisRedisConnection c, List<OutgoingEntry> sub,
                                           Function<String, StreamTrim> trimOf) {
        try {
            return c.addAll(sub, trimOf);
        } catch (RedisPipelineException p) {
            long added = p.results().stream().filter(id -> id != null).count();
            if (added > 0) {
                c.awaitDurable(() -> added + " entries were added (part of a pipeline some of whose entries were"
                        + " redirected to other nodes)");
            }
            throw p;
        }
    }

    /** An entry whose slot is being migrated: once to the importing node, after ASKING. */
    private void askOne(OutgoingEntry entry, RedisNode target, Function<String, StreamTrim> trimOf, int i,
                        String[] ids, RedStreamsException[] failures) {
        try {
            ids[i] = connection.on(target, c -> {
                c.asking();
                return c.add(entry.stream(), entry.fields(), trimOf.apply(entry.stream()));
            });
        } catch (RedisRedirectException r) {
            failures[i] = new RedisConnectionException(r.getMessage() + " (after ASK)", null, true);
        } catch (RedStreamsException e) {
            failures[i] = e;
        }
    }
}
