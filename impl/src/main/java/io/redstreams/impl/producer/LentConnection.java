package io.redstreams.impl.producer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.redstreams.ConsumerInfo;
import io.redstreams.GroupInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;
import io.redstreams.impl.redis.AutoClaimResult;
import io.redstreams.impl.redis.OutgoingEntry;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.StreamTrim;

/**
 * A connection with an owner of its own, as the send path borrows it: every command goes through,
 * but {@link #close()} does nothing. The send path closes what it borrowed after each send; this
 * connection belongs to a {@code ProducerConnection}, whose owner (e.g. a JCA managed connection,
 * pooled by the server) closes it. See {@link ConnectionSource#lending(RedisConnection)}.
 */
final class LentConnection implements RedisConnection {

    private final RedisConnection owned;

    LentConnection(RedisConnection owned) {
        this.owned = owned;
    }

    @Override
    public String add(String stream, Map<String, byte[]> fields, long maxLen) {
        return owned.add(stream, fields, maxLen);
    }

    @Override
    public String add(String stream, Map<String, byte[]> fields, StreamTrim trim) {
        return owned.add(stream, fields, trim);
    }

    @Override
    public List<String> addAll(List<OutgoingEntry> entries, Function<String, StreamTrim> trimOf) {
        return owned.addAll(entries, trimOf);
    }

    @Override
    public long trim(String stream, StreamTrim trim) {
        return owned.trim(stream, trim);
    }

    @Override
    public long serverTimeMs() {
        return owned.serverTimeMs();
    }

    @Override
    public long length(String stream) {
        return owned.length(stream);
    }

    @Override
    public String addRaw(String stream, List<byte[]> namesAndValues, long maxLen) {
        return owned.addRaw(stream, namesAndValues, maxLen);
    }

    @Override
    public List<String> addAll(List<OutgoingEntry> entries, long maxLen) {
        return owned.addAll(entries, maxLen);
    }

    @Override
    public String addIdempotent(String stream, String markerKey, long retentionMs, Map<String, byte[]> fields,
                                long maxLen) {
        return owned.addIdempotent(stream, markerKey, retentionMs, fields, maxLen);
    }

    @Override
    public boolean createGroup(String stream, String group, String startId) {
        return owned.createGroup(stream, group, startId);
    }

    @Override
    public List<RawEntry> readGroup(String stream, String group, String consumer, String fromId, int count,
                                    long blockMs) {
        return owned.readGroup(stream, group, consumer, fromId, count, blockMs);
    }

    @Override
    public long ack(String stream, String group, Collection<String> ids) {
        return owned.ack(stream, group, ids);
    }

    @Override
    public List<RawEntry> claim(String stream, String group, String consumer, Collection<String> ids) {
        return owned.claim(stream, group, consumer, ids);
    }

    @Override
    public boolean setDeliveryCount(String stream, String group, String consumer, String id, long count) {
        return owned.setDeliveryCount(stream, group, consumer, id, count);
    }

    @Override
    public AutoClaimResult autoClaim(String stream, String group, String consumer, long minIdleMs, String cursor,
                                     int count) {
        return owned.autoClaim(stream, group, consumer, minIdleMs, cursor, count);
    }

    @Override
    public Map<String, Long> deliveryCounts(String stream, String group, String consumer, String fromId, String toId,
                                            int count) {
        return owned.deliveryCounts(stream, group, consumer, fromId, toId, count);
    }

    @Override
    public String addRaw(String stream, List<byte[]> namesAndValues) {
        return owned.addRaw(stream, namesAndValues);
    }

    @Override
    public int keepOwned(String stream, String group, String consumer, Collection<String> ids) {
        return owned.keepOwned(stream, group, consumer, ids);
    }

    @Override
    public List<String> deleteIdleConsumers(String stream, String group, long minIdleMs, Collection<String> keep) {
        return owned.deleteIdleConsumers(stream, group, minIdleMs, keep);
    }

    @Override
    public Map<String, Long> consumerIdleTimes(String stream, String group) {
        return owned.consumerIdleTimes(stream, group);
    }

    @Override
    public List<String> clientNames() {
        return owned.clientNames();
    }

    @Override
    public long clientId() {
        return owned.clientId();
    }

    @Override
    public void unblock(long clientId) {
        owned.unblock(clientId);
    }

    @Override
    public void close() {
        // Stays open: the managed connection owns it.
    }

    @Override
    public List<RawEntry> range(String stream, String start, String end, int count) {
        return owned.range(stream, start, end, count);
    }

    @Override
    public List<RawEntry> reverseRange(String stream, String end, String start, int count) {
        return owned.reverseRange(stream, end, start, count);
    }

    @Override
    public List<RawEntry> read(String stream, String afterId, int count, long blockMs) {
        return owned.read(stream, afterId, count, blockMs);
    }

    // ---- Admin views and dead-letter replay (issue 12) ----

    @Override
    public List<GroupInfo> groups(String stream) {
        return owned.groups(stream);
    }

    @Override
    public List<ConsumerInfo> consumers(String stream, String group) {
        return owned.consumers(stream, group);
    }

    @Override
    public PendingSummary pendingSummary(String stream, String group) {
        return owned.pendingSummary(stream, group);
    }

    @Override
    public List<PendingEntry> pendingEntries(String stream, String group, String consumer, String fromId,
                                             String toId, int count) {
        return owned.pendingEntries(stream, group, consumer, fromId, toId, count);
    }

    @Override
    public String lastGeneratedId(String stream) {
        return owned.lastGeneratedId(stream);
    }

    @Override
    public long delete(String stream, Collection<String> ids) {
        return owned.delete(stream, ids);
    }
}
