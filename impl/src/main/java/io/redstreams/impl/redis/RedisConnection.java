package io.redstreams.impl.redis;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.redstreams.ConsumerInfo;
import io.redstreams.GroupInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;

/**
 * The one narrow interface between redstreams and its Redis client: the stream commands the
 * engine needs, on one connection. Nothing outside this package sees a Jedis type. The topology (a single
 * Redis, Sentinel, Cluster) is invisible here: on a Cluster each command goes to the node of its stream.
 *
 * <p>Failures arrive as {@link RedisConnectionException} (the connection is gone) or
 * {@link RedisCommandException} (Redis refused the command). {@link #close()} gives the
 * connection back to its pool, or discards it if it broke.
 */
public interface RedisConnection extends AutoCloseable {

    /** XADD with {@code MAXLEN ~ maxLen} when {@code maxLen > 0}; returns the new id. */
    String add(String stream, Map<String, byte[]> fields, long maxLen);

    /**
     * XADD trimming as {@code trim} says: {@code MAXLEN ~} or {@code MINID ~} on the XADD; when both are set, the
     * XADD with {@code MAXLEN ~} and an {@code XTRIM MINID ~} in one pipelined round trip. Returns the new id.
     */
    String add(String stream, Map<String, byte[]> fields, StreamTrim trim);

    /** {@link #addAll(List, long)} trimming each stream as {@code trimOf} says, as {@link #add(String, Map, StreamTrim)}
     * does (the XTRIMs of streams with both limits after the XADDs, in the same pipeline). */
    List<String> addAll(List<OutgoingEntry> entries, Function<String, StreamTrim> trimOf);

    /** XTRIM stream MAXLEN ~ n, then (if set) XTRIM stream MINID ~ id; returns how many entries were removed. */
    long trim(String stream, StreamTrim trim);

    /** TIME: the clock of Redis, in epoch ms. */
    long serverTimeMs();

    /** XLEN; 0 when the stream does not exist. */
    long length(String stream);

    /**
     * XADDs in one pipelined round trip; ids in order. Each XADD has its own outcome: when some
     * fail, a {@link RedisPipelineException} carries the ids of the others and each failure.
     */
    List<String> addAll(List<OutgoingEntry> entries, long maxLen);

    /**
     * Idempotent XADD (Redis 7: a Lua script, EVALSHA with EVAL on NOSCRIPT): adds the entry unless
     * {@code markerKey} exists, in which case it returns the id stored there; stores the new id
     * under {@code markerKey} for {@code retentionMs} ms. Atomic on the server, so a retry after a
     * lost reply returns the first id instead of adding a duplicate.
     *
     * @param markerKey a key in the same Cluster slot as {@code stream}
     * @return the id of the entry, added now or before
     */
    String addIdempotent(String stream, String markerKey, long retentionMs, Map<String, byte[]> fields, long maxLen);

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
     * XADD {@code stream * name value name value ...} with the given bytes exactly (field names need not be
     * UTF-8, may repeat). Used for dead letters; the caller acknowledges the source only after this returned.
     *
     * @return the new entry's id
     */
    String addRaw(String stream, List<byte[]> namesAndValues);

    /** {@link #addRaw(String, List)} with {@code MAXLEN ~ maxLen} when {@code maxLen > 0}. */
    String addRaw(String stream, List<byte[]> namesAndValues, long maxLen);

    /**
     * Refreshes the idle time of those of {@code ids} that are still pending for {@code consumer} ({@code XCLAIM
     * ... 0 ids JUSTID}, which does not count a delivery), leaving alone every id another consumer owns by now;
     * checked and claimed atomically in one Lua script (one key). Returns how many were refreshed.
     */
    int keepOwned(String stream, String group, String consumer, Collection<String> ids);

    /**
     * Deletes ({@code XGROUP DELCONSUMER}) every consumer of the group idle for at least {@code minIdleMs} that
     * holds no pending entry, except those named in {@code keep}; checked and deleted atomically in one Lua
     * script, so a consumer that just took an entry is never deleted. Returns the deleted names.
     */
    List<String> deleteIdleConsumers(String stream, String group, long minIdleMs, Collection<String> keep);

    /** XINFO CONSUMERS: each consumer's idle time in ms by name; empty when the stream or group does not exist. */
    Map<String, Long> consumerIdleTimes(String stream, String group);

    /**
     * CLIENT LIST: the names of every connection to this Redis (an empty name for unnamed ones). On a Cluster, every
     * master is asked and each name counted as often as on the node where it is most frequent.
     */
    List<String> clientNames();

    /**
     * CLIENT ID of this connection; on a Cluster a handle of the connection (no round trip) that {@link #unblock}
     * of any connection to the same Cluster understands. Only for {@link #unblock}.
     */
    long clientId();

    /**
     * CLIENT UNBLOCK: ends another connection's blocking read early, as if it had timed out; on a Cluster sent to
     * the node where that read runs.
     */
    void unblock(long clientId);

    /** Gives the connection back to its pool (or discards it when broken). */
    @Override
    void close();

    // ---- reading as a log (StreamReader) ----

    /** XRANGE stream start end COUNT count: ids as Redis takes them ({@code -}, {@code +}, {@code (id}). */
    List<RawEntry> range(String stream, String start, String end, int count);

    /** XREVRANGE stream end start COUNT count: newest first; {@code end} is the high bound. */
    List<RawEntry> reverseRange(String stream, String end, String start, int count);

    /**
     * XREAD COUNT count [BLOCK blockMs] STREAMS stream afterId, without a group: entries with an id greater than
     * {@code afterId}. {@code blockMs <= 0} does not block. Empty when the block time passed (or CLIENT UNBLOCK).
     */
    List<RawEntry> read(String stream, String afterId, int count, long blockMs);

    // ---- Admin views and dead-letter replay (issue 12; parsed by AdminReplies) ----

    /** XINFO GROUPS; empty when the stream does not exist. */
    List<GroupInfo> groups(String stream);

    /** XINFO CONSUMERS; empty when the stream or the group does not exist. */
    List<ConsumerInfo> consumers(String stream, String group);

    /** XPENDING summary form; count 0 when the stream or the group does not exist. */
    PendingSummary pendingSummary(String stream, String group);

    /**
     * XPENDING extended form, of one consumer when {@code consumer} is not {@code null}; empty when the stream or the
     * group does not exist.
     */
    List<PendingEntry> pendingEntries(String stream, String group, String consumer, String fromId, String toId,
                                      int count);

    /** The {@code last-generated-id} of XINFO STREAM; {@code null} when the stream does not exist. */
    String lastGeneratedId(String stream);

    /** XDEL; returns how many were deleted. */
    long delete(String stream, Collection<String> ids);
}
