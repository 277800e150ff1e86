package io.redstreams.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Counts a fault scenario by message id: what the producer was told it added, what each group's handler saw
 * (and how often), and, read back from Redis at the end, what is in the stream, in the dead-letter stream and
 * still pending. {@link #tally} turns that into the numbers the scenario asserts and prints.
 */
public final class Ledger {

    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, AtomicInteger>> handled = new ConcurrentHashMap<>();

    /** The producer was told this id was added. */
    public void produced(String id) {
        confirmed.add(id);
    }

    public void produced(Collection<String> ids) {
        confirmed.addAll(ids);
    }

    /** A handler of {@code group} completed for this id. */
    public void handled(String group, String id) {
        handled.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
    }

    public int confirmedCount() {
        return confirmed.size();
    }

    /** Distinct ids {@code group} handled so far. */
    public int handledCount(String group) {
        Map<String, AtomicInteger> byId = handled.get(group);
        return byId == null ? 0 : byId.size();
    }

    public Set<String> handledIds(String group) {
        Map<String, AtomicInteger> byId = handled.get(group);
        return byId == null ? Set.of() : Set.copyOf(byId.keySet());
    }

    /** Handler calls beyond the first, per id, summed. */
    public int duplicates(String group) {
        Map<String, AtomicInteger> byId = handled.get(group);
        if (byId == null) {
            return 0;
        }
        int n = 0;
        for (AtomicInteger c : byId.values()) {
            n += c.get() - 1;
        }
        return n;
    }

    /** The per-group count, read from Redis now. */
    public Tally tally(Jedis admin, String stream, String group) {
        return tally(admin, admin, stream, group);
    }

    /** {@link #tally(Jedis, String, String)} with the dead-letter stream on another server (a Redis Cluster node). */
    public Tally tally(Jedis admin, Jedis dlqAdmin, String stream, String group) {
        List<String> inStream = streamIds(admin, stream);
        Set<String> dlq = deadLettered(dlqAdmin, stream + ":dlq", stream, group);
        Set<String> pending = pendingIds(admin, stream, group);
        Set<String> seen = handledIds(group);
        Set<String> all = new HashSet<>(inStream);
        Set<String> vanished = new HashSet<>();
        for (String id : confirmed) {
            if (all.add(id)) {
                vanished.add(id); // the producer was told it was added, but Redis does not have it
            }
        }
        List<String> lost = new ArrayList<>();
        for (String id : all) {
            if (!seen.contains(id) && !dlq.contains(id) && !pending.contains(id)) {
                lost.add(id);
            }
        }
        return new Tally(group, all.size(), inStream.size() - countIn(inStream, confirmed), seen.size(),
                duplicates(group), dlq.size(), pending.size(), lost, vanished.size());
    }

    private static int countIn(List<String> ids, Set<String> set) {
        int n = 0;
        for (String id : ids) {
            if (set.contains(id)) {
                n++;
            }
        }
        return n;
    }

    /** Every id in the stream, oldest first, read in pages. */
    public static List<String> streamIds(Jedis admin, String stream) {
        List<String> ids = new ArrayList<>();
        String from = "-";
        while (true) {
            List<StreamEntry> page = admin.xrange(stream, from, "+", 10_000);
            for (StreamEntry e : page) {
                ids.add(e.getID().toString());
            }
            if (page.size() < 10_000) {
                return ids;
            }
            from = "(" + page.get(page.size() - 1).getID();
        }
    }

    /** Every entry in the stream, oldest first. */
    public static List<StreamEntry> entries(Jedis admin, String stream) {
        List<StreamEntry> all = new ArrayList<>();
        String from = "-";
        while (true) {
            List<StreamEntry> page = admin.xrange(stream, from, "+", 10_000);
            all.addAll(page);
            if (page.size() < 10_000) {
                return all;
            }
            from = "(" + page.get(page.size() - 1).getID();
        }
    }

    /** Source ids of the dead letters of {@code group} (the {@code group} field), with their reasons. */
    public static Map<String, String> deadLetters(Jedis admin, String dlqStream, String sourceStream, String group) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (!admin.exists(dlqStream)) {
            return reasons;
        }
        for (StreamEntry e : entries(admin, dlqStream)) {
            Map<String, String> f = e.getFields();
            if (group.equals(f.get("group")) && sourceStream.equals(f.get("source-stream"))) {
                reasons.put(f.get("source-id"), f.get("error"));
            }
        }
        return reasons;
    }

    private static Set<String> deadLettered(Jedis admin, String dlqStream, String sourceStream, String group) {
        return deadLetters(admin, dlqStream, sourceStream, group).keySet();
    }

    /** Ids pending in the group, any consumer. */
    public static Set<String> pendingIds(Jedis admin, String stream, String group) {
        Set<String> ids = new HashSet<>();
        if (!admin.exists(stream)) {
            return ids;
        }
        String from = "-";
        while (true) {
            List<StreamPendingEntry> page = admin.xpending(stream, group,
                    XPendingParams.xPendingParams(from, "+", 10_000));
            for (StreamPendingEntry p : page) {
                ids.add(p.getID().toString());
            }
            if (page.size() < 10_000) {
                return ids;
            }
            from = "(" + page.get(page.size() - 1).getID();
        }
    }

    /**
     * One group's count.
     *
     * @param produced   distinct entries the stream has or the producer was told it added
     * @param unconfirmed entries in the stream the producer was not told about (a send that failed after Redis
     *                   had added it, retried by the test: the same payload twice, with two ids)
     * @param handled    distinct ids the group's handler completed
     * @param duplicates handler calls beyond the first per id
     * @param lost       ids neither handled, dead-lettered nor pending
     * @param vanished   ids the producer was told were added and Redis no longer has
     */
    public record Tally(String group, int produced, int unconfirmed, int handled, int duplicates, int dlq,
                       int pending, List<String> lost, int vanished) {

        public int lostCount() {
            return lost.size();
        }

        @Override
        public String toString() {
            return group + ": produced=" + produced + " handled=" + handled + " dlq=" + dlq + " duplicates="
                    + duplicates + " lost=" + lost.size() + " pending=" + pending
                    + (unconfirmed > 0 ? " unconfirmed=" + unconfirmed : "") + (vanished > 0 ? " vanished=" + vanished : "");
        }
    }
}
