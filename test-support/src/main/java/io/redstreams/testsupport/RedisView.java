package io.redstreams.testsupport;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Reads what Redis holds for the assertions, and describes it for their failure messages. Every read is one command
 * on the extension's admin connection; a missing stream or group reads as empty, never as an error.
 */
final class RedisView {

    /** How many entries a description lists at most. */
    static final int SHOWN = 10;

    private final RedisExtension redis;

    RedisView(RedisExtension redis) {
        this.redis = redis;
    }

    private Jedis jedis() {
        return redis.admin();
    }

    /** XLEN; 0 for a missing stream. */
    long length(String stream) {
        return jedis().xlen(stream);
    }

    /** XRANGE - + COUNT n. */
    List<StreamEntry> entries(String stream, int count) {
        return jedis().xrange(stream, "-", "+", count);
    }

    /** XINFO GROUPS; the group, or {@code null} when the stream or the group does not exist. */
    StreamGroupInfo group(String stream, String group) {
        try {
            return jedis().xinfoGroups(stream).stream().filter(g -> g.getName().equals(group)).findFirst()
                    .orElse(null);
        } catch (JedisDataException e) {
            return null; // ERR no such key
        }
    }

    /** XPENDING stream group - + n; empty when the stream or the group does not exist. */
    List<StreamPendingEntry> pending(String stream, String group, int count) {
        try {
            return jedis().xpending(stream, group, XPendingParams.xPendingParams("-", "+", count));
        } catch (JedisDataException e) {
            return List.of(); // NOGROUP
        }
    }

    /** XPENDING stream group id id 1: whether that entry is in the group's pending list. */
    boolean isPending(String stream, String group, String id) {
        try {
            return !jedis().xpending(stream, group, XPendingParams.xPendingParams(id, id, 1)).isEmpty();
        } catch (JedisDataException e) {
            return false;
        }
    }

    /** Whether the group has been handed the entry (its last-delivered id is at or after it). */
    boolean isDelivered(String stream, String group, String id) {
        StreamGroupInfo info = group(stream, group);
        return info != null && info.getLastDeliveredId().compareTo(new StreamEntryID(id)) >= 0;
    }

    List<String> clientNames() {
        return redis.clientNames();
    }

    /** The stream's length and first entries, for a failure message. */
    String describeStream(String stream) {
        long length = length(stream);
        if (length == 0) {
            return "stream '" + stream + "' is empty or does not exist";
        }
        StringBuilder s = new StringBuilder("stream '").append(stream).append("' holds ").append(length)
                .append(length == 1 ? " entry" : " entries").append(length > SHOWN ? ", the first " + SHOWN : "")
                .append(':');
        for (StreamEntry entry : entries(stream, SHOWN)) {
            s.append("\n    ").append(entry.getID()).append(' ').append(fields(entry.getFields()));
        }
        return s.toString();
    }

    /** The group's position and pending entries, for a failure message. */
    String describeGroup(String stream, String group) {
        StreamGroupInfo info = group(stream, group);
        if (info == null) {
            return "group '" + group + "' of stream '" + stream + "' does not exist (" + describeStream(stream) + ")";
        }
        StringBuilder s = new StringBuilder("group '").append(group).append("' of stream '").append(stream)
                .append("': last-delivered-id ").append(info.getLastDeliveredId()).append(", ")
                .append(info.getConsumers()).append(" consumer(s), ").append(info.getPending()).append(" pending");
        List<StreamPendingEntry> pending = pending(stream, group, SHOWN);
        if (!pending.isEmpty()) {
            s.append(info.getPending() > SHOWN ? " (the first " + SHOWN + ")" : "").append(':');
            for (StreamPendingEntry entry : pending) {
                s.append("\n    ").append(entry.getID()).append(" consumer=").append(entry.getConsumerName())
                        .append(" deliveries=").append(entry.getDeliveredTimes()).append(" idle=")
                        .append(entry.getIdleTime()).append("ms");
            }
        }
        return s.toString();
    }

    String describeClients() {
        return "connected clients with a name: " + clientNames();
    }

    private static String fields(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + abbreviate(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String abbreviate(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }
}
