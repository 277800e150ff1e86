package io.redstreams.impl.redis;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one narrow interface between redstreams and its Redis client: the stream commands the
 * engine needs, on one connection. Nothing outside this package sees a Jedis type.
 *
 * <p>Failures arrive as {@link RedisConnectionException} (the connection is gone) or
 * {@link RedisCommandException} (Redis refused the command). {@link #close()} gives the
 * connection back to its pool, or discards it if it broke.
 */
public interface RedisConnection extends AutoCloseable {

    /** XADD with {@code MAXLEN ~ maxLen} when {@code maxLen > 0}; returns the new id. */
    String add(String stream, Map<String, byte[]> fields, long maxLen);

    /** XADDs in one pipelined round trip; ids in order. */
    List<String> addAll(List<OutgoingEntry> entries, long maxLen);

    /**
     * XGROUP CREATE ... MKSTREAM; returns false when the group already existed.
     */
    boolean createGroup(String stream, String group, String startId);

    /**
     * XREADGROUP GROUP group consumer COUNT count [BLOCK blockMs] STREAMS stream fromId.
     * {@code fromId} is {@code >} for new entries or an id to read this consumer's own pending
     * entries after it. {@code blockMs <= 0} does not block.
     */
    List<RawEntry> readGroup(String stream, String group, String consumer, String fromId, int count, long blockMs);

    /** XACK; returns how many were acknowledged. */
    long ack(String stream, String group, Collection<String> ids);

    /**
     * XCLAIM with min-idle 0: takes the entries for {@code consumer} and counts a delivery.
     * Entries that no longer exist are left out of the result (and out of the pending list).
     */
    List<RawEntry> claim(String stream, String group, String consumer, Collection<String> ids);

    /**
     * {@code XCLAIM stream group consumer 0 id RETRYCOUNT count JUSTID}: sets the entry's delivery
     * count to {@code count} (JUSTID: the claim itself counts no delivery) and keeps it pending
     * for {@code consumer}. Returns false when the entry no longer exists.
     */
    boolean setDeliveryCount(String stream, String group, String consumer, String id, long count);

    /** XAUTOCLAIM stream group consumer minIdleMs cursor COUNT count. */
    AutoClaimResult autoClaim(String stream, String group, String consumer, long minIdleMs, String cursor, int count);

    /**
     * The delivery counts of this consumer's pending entries between two ids (XPENDING extended
     * form), by id.
     */
    Map<String, Long> deliveryCounts(String stream, String group, String consumer, String fromId, String toId, int count);

    /**
     * Atomically (MULTI/EXEC) appends a dead letter and acknowledges the source entry, so a dead
     * letter is never lost; a crash before EXEC leaves the source pending, to be dead-lettered again.
     *
     * @return the dead letter's id
     */
    String deadLetter(String deadLetterStream, Map<String, byte[]> fields, String stream, String group, String id);

    /** CLIENT ID of this connection. */
    long clientId();

    /** CLIENT UNBLOCK: ends another connection's blocking read early, as if it had timed out. */
    void unblock(long clientId);

    /** Gives the connection back to its pool (or discards it when broken). */
    @Override
    void close();
}
