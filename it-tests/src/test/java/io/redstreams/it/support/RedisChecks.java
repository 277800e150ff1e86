package io.redstreams.it.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.redstreams.testsupport.RedisExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;

/** What tests read from Redis to judge the applications: pending entries, dead letters, echoes, clients. */
public final class RedisChecks {

    private final RedisExtension redis;

    public RedisChecks(RedisExtension redis) {
        this.redis = redis;
    }

    /** @return XPENDING's total for the group, 0 if the stream or the group does not exist */
    public long pending(String stream, String group) {
        try {
            return redis.admin().xpending(stream, group).getTotal();
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                return 0;
            }
            throw e;
        }
    }

    public long length(String stream) {
        return redis.admin().xlen(stream);
    }

    public List<StreamEntry> entries(String stream) {
        return redis.admin().xrange(stream, "-", "+");
    }

    /** @return the {@code payload} field of every entry of the stream, in order */
    public List<String> payloads(String stream) {
        return entries(stream).stream().map(e -> e.getFields().get("payload")).toList();
    }

    /** @return the ids (JSON field {@code id}) of the orders in the stream's payloads */
    public Set<Long> orderIds(String stream) {
        return payloads(stream).stream().map(RedisChecks::orderId).collect(Collectors.toSet());
    }

    static long orderId(String json) {
        // {"amount":1.5,"id":7}: JSON-B orders the properties by name; no JSON library needed for this
        int at = json.indexOf("\"id\":");
        if (at < 0) {
            throw new IllegalArgumentException("no id in " + json);
        }
        int from = at + 5;
        int to = from;
        while (to < json.length() && (Character.isDigit(json.charAt(to)) || json.charAt(to) == '-')) {
            to++;
        }
        return Long.parseLong(json.substring(from, to));
    }

    /** Appends an order as a foreign client would. */
    public String addOrder(String stream, long id, double amount) {
        return redis.admin().xadd(stream, StreamEntryID.NEW_ENTRY,
                Map.of("payload", "{\"id\":" + id + ",\"amount\":" + amount + "}")).toString();
    }

    public List<String> redstreamsClients() {
        return redis.clientNames().stream().filter(n -> n.startsWith("redstreams")).sorted().toList();
    }
}
