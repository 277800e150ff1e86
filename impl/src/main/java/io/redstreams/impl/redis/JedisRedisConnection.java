package io.redstreams.impl.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.redstreams.ConsumerInfo;
import io.redstreams.GroupInfo;
import io.redstreams.PayloadMappingException;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;
import io.redstreams.RedStreamsException;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XTrimParams;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * {@link RedisConnection} on one Jedis connection. Not thread-safe: one user at a time, which the
 * pool guarantees.
 */
final class JedisRedisConnection implements RedisConnection {

    private static final byte[] MKSTREAM = bytes("MKSTREAM");
    private static final byte[] COUNT = bytes("COUNT");
    private static final byte[] BLOCK = bytes("BLOCK");
    private static final byte[] STREAMS = bytes("STREAMS");
    private static final byte[] GROUP = bytes("GROUP");
    private static final byte[] RETRYCOUNT = bytes("RETRYCOUNT");
    private static final byte[] JUSTID = bytes("JUSTID");
    // The field names every entry has: encoded once, not per entry.
    private static final byte[] PAYLOAD_FIELD = bytes("payload");
    private static final byte[] TYPE_FIELD = bytes("type");

    private final Jedis jedis;
    private final String endpoint;
    private ConnectionReturner returner;
    private volatile boolean broken;
    private volatile boolean wrongServer;
    private volatile long idleSinceNanos = System.nanoTime();
    private final String serverVersion;
    private final long generation;
    private final int waitReplicas;
    private final long waitTimeoutMs;
    // Set when the master this connection talks to was switched away (Sentinel): nothing more is sent on it.
    private volatile boolean retired;
    // A connection to a node of a Redis Cluster: MOVED and ASK are redirects to follow, not a wrong server.
    private boolean clusterNode;
    private long nodeClientId = -1;

    JedisRedisConnection(Jedis jedis, String endpoint) {
        this(jedis, endpoint, null);
    }

    JedisRedisConnection(Jedis jedis, String endpoint, String serverVersion) {
        this(jedis, endpoint, serverVersion, 0, 0, 0);
    }

    /**
     * @param generation    the topology generation the connection was opened under (Sentinel; else 0)
     * @param waitReplicas  producer durability: WAIT for this many replicas after each XADD (0: none)
     * @param waitTimeoutMs the WAIT timeout
     */
    JedisRedisConnection(Jedis jedis, String endpoint, String serverVersion, long generation, int waitReplicas,
                         long waitTimeoutMs) {
        this.jedis = jedis;
        this.endpoint = endpoint;
        this.serverVersion = serverVersion;
        this.generation = generation;
        this.waitReplicas = waitReplicas;
        this.waitTimeoutMs = waitTimeoutMs;
    }

    /** Where {@link #close()} sends the connection: back to its pool. */
    interface ConnectionReturner {
        void giveBack(JedisRedisConnection connection);
    }

    void returnTo(ConnectionReturner returner) {
        this.returner = returner;
    }

    /** Marks a connection to a Cluster node (before it is lent): MOVED/ASK become {@link RedisRedirectException}. */
    void clusterNode() {
        this.clusterNode = true;
    }

    /** {@code ASKING}: the next command may touch a slot this node is importing. */
    void asking() {
        call("ASKING", jedis::asking);
    }

    /** {@code CLUSTER SLOTS}, unparsed (see {@link ClusterSlots#parse}). */
    List<Object> clusterSlots() {
        return call("CLUSTER SLOTS", jedis::clusterSlots);
    }

    /** This connection's {@code CLIENT ID} on its node, asked once (it never changes). */
    long nodeClientId() {
        if (nodeClientId < 0) {
            nodeClientId = clientId();
        }
        return nodeClientId;
    }

    /** {@code WAIT} for the entries this connection added (producer durability); no-op when it is off. */
    void awaitDurable(Supplier<String> what) {
        awaitReplicas(what);
    }

    @Override
    public String add(String stream, Map<String, byte[]> fields, long maxLen) {
        return add(stream, fields, StreamTrim.maxLen(maxLen));
    }

    @Override
    public String add(String stream, Map<String, byte[]> fields, StreamTrim trim) {
        String id = call("XADD", () -> {
            if (!(trim.byLength() && trim.byId())) {
                return text(jedis.xadd(bytes(stream), addParams(trim), binary(fields)));
            }
            Response<byte[]> added;
            try (Pipeline pipeline = jedis.pipelined()) { // both limits: one round trip, XADD then XTRIM MINID
                added = pipeline.xadd(bytes(stream), addParams(trim), binary(fields));
                pipeline.xtrim(bytes(stream), minIdTrim(trim.minId()));
                pipeline.sync();
            }
            return text(added.get());
        });
        awaitReplicas(() -> "entry " + id + " was added to stream '" + stream + "'");
        return id;
    }

    @Override
    public List<String> addAll(List<OutgoingEntry> entries, long maxLen) {
        StreamTrim trim = StreamTrim.maxLen(maxLen);
        return addAll(entries, stream -> trim);
    }

    @Override
    public List<String> addAll(List<OutgoingEntry> entries, Function<String, StreamTrim> trimOf) {
        List<String> ids = addPipelined(entries, trimOf);
        awaitReplicas(() -> ids.size() + " entries were added (" + (ids.isEmpty() ? "" : ids.get(0) + " to "
                + ids.get(ids.size() - 1)) + ")");
        return ids;
    }

    @Override
    public long trim(String stream, StreamTrim trim) {
        return call("XTRIM", () -> {
            long removed = 0;
            if (trim.byLength()) {
                removed += jedis.xtrim(bytes(stream), XTrimParams.xTrimParams().maxLen(trim.maxLen())
                        .approximateTrimming());
            }
            if (trim.byId()) {
                removed += jedis.xtrim(bytes(stream), minIdTrim(trim.minId()));
            }
            return removed;
        });
    }

    @Override
    public long serverTimeMs() {
        return call("TIME", () -> {
            List<String> time = jedis.time();
            return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        });
    }

    @Override
    public long length(String stream) {
        return call("XLEN", () -> jedis.xlen(bytes(stream)));
    }

    private static XTrimParams minIdTrim(String minId) {
        return XTrimParams.xTrimParams().minId(minId).approximateTrimming();
    }

    private List<String> addPipelined(List<OutgoingEntry> entries, Function<String, StreamTrim> trimOf) {
        return call("XADD (pipelined)", () -> {
            XAddParams params = null;
            StreamTrim trim = null;
            Map<String, StreamTrim> minIdTrims = new LinkedHashMap<>();
            List<Response<byte[]>> responses = new ArrayList<>(entries.size());
            String lastStream = null;
            byte[] streamKey = null;
            try (Pipeline pipeline = jedis.pipelined()) {
                for (OutgoingEntry e : entries) {
                    if (!e.stream().equals(lastStream)) { // a batch is usually one stream: encode its name once
                        lastStream = e.stream();
                        streamKey = bytes(lastStream);
                        trim = trimOf.apply(lastStream);
                        params = addParams(trim);
                        if (trim.byLength() && trim.byId()) {
                            minIdTrims.put(lastStream, trim);
                        }
                    }
                    responses.add(pipeline.appendCommand(xadd(streamKey, params, e.fields())));
                }
                for (Map.Entry<String, StreamTrim> t : minIdTrims.entrySet()) { // both limits: MINID after the XADDs
                    pipeline.xtrim(bytes(t.getKey()), minIdTrim(t.getValue().minId()));
                }
                pipeline.sync();
            }
            // Each command has its own outcome: one refused XADD does not fail the others.
            List<String> ids = new ArrayList<>(responses.size());
            List<RedStreamsException> failures = null;
            for (int i = 0; i < responses.size(); i++) {
                try {
                    ids.add(text(responses.get(i).get()));
                } catch (JedisDataException e) {
                    ids.add(null);
                    if (failures == null) {
                        failures = new ArrayList<>(java.util.Collections.nCopies(responses.size(), null));
                    }
                    failures.set(i, replyFailure("XADD", e));
                }
            }
            if (failures != null) {
                throw new RedisPipelineException("Some XADDs of a pipeline to Redis at " + endpoint + " failed",
                        ids, failures);
            }
            return ids;
        });
    }

    @Override
    public String addIdempotent(String stream, String markerKey, long retentionMs, Map<String, byte[]> fields,
                                long maxLen) {
        String id = call("EVALSHA (idempotent XADD)", () -> text(IdempotentAddScript.run(jedis, stream, markerKey,
                retentionMs, maxLen, binary(fields))));
        awaitReplicas(() -> "entry " + id + " is in stream '" + stream + "' (idempotent send; sending it again is"
                + " safe)");
        return id;
    }

    /**
     * {@code WAIT waitReplicas waitTimeoutMs} after a producer write (no-op when durability is off).
     *
     * @throws RedisDurabilityException when fewer replicas confirmed in time
     */
    private void awaitReplicas(Supplier<String> what) {
        if (waitReplicas <= 0) {
            return;
        }
        long confirmed = call("WAIT", () -> jedis.waitReplicas(waitReplicas, waitTimeoutMs));
        if (confirmed < waitReplicas) {
            throw new RedisDurabilityException(what.get() + " on Redis at " + endpoint + ", but WAIT saw only "
                    + confirmed + " of " + waitReplicas + " replicas confirm it within " + waitTimeoutMs
                    + " ms: it may not survive a failover (it was not removed; resending may add a duplicate)");
        }
    }

    @Override
    public boolean createGroup(String stream, String group, String startId) {
        return call("XGROUP CREATE", () -> {
            try {
                jedis.sendCommand(Protocol.Command.XGROUP, bytes("CREATE"), bytes(stream), bytes(group),
                        bytes(startId), MKSTREAM);
                return true;
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP")) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public List<RawEntry> readGroup(String stream, String group, String consumer, String fromId, int count,
                                    long blockMs) {
        return call("XREADGROUP", () -> {
            List<byte[]> args = new ArrayList<>(10);
            args.add(GROUP);
            args.add(bytes(group));
            args.add(bytes(consumer));
            addCountBlockStream(args, count, blockMs, stream, fromId);
            return StreamReplies.readGroupReply(jedis.sendCommand(Protocol.Command.XREADGROUP, args.toArray(new byte[0][])));
        });
    }

    @Override
    public long ack(String stream, String group, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return call("XACK", () -> jedis.xack(bytes(stream), bytes(group), idBytes(ids)));
    }

    @Override
    public List<RawEntry> claim(String stream, String group, String consumer, Collection<String> ids) {
        return call("XCLAIM", () -> {
            List<byte[]> args = new ArrayList<>(4 + ids.size());
            args.add(bytes(stream));
            args.add(bytes(group));
            args.add(bytes(consumer));
            args.add(bytes("0"));
            for (String id : ids) {
                args.add(bytes(id));
            }
            return StreamReplies.entries(jedis.sendCommand(Protocol.Command.XCLAIM, args.toArray(new byte[0][])));
        });
    }

    @Override
    public boolean setDeliveryCount(String stream, String group, String consumer, String id, long count) {
        return call("XCLAIM", () -> {
            Object reply = jedis.sendCommand(Protocol.Command.XCLAIM, bytes(stream), bytes(group), bytes(consumer),
                    bytes("0"), bytes(id), RETRYCOUNT, bytes(Long.toString(count)), JUSTID);
            return reply instanceof List<?> ids && !ids.isEmpty();
        });
    }

    @Override
    public AutoClaimResult autoClaim(String stream, String group, String consumer, long minIdleMs, String cursor,
                                     int count) {
        return call("XAUTOCLAIM", () -> StreamReplies.autoClaimReply(jedis.sendCommand(Protocol.Command.XAUTOCLAIM,
                bytes(stream), bytes(group), bytes(consumer), bytes(Long.toString(minIdleMs)), bytes(cursor),
                COUNT, bytes(Integer.toString(count)))));
    }

    @Override
    public Map<String, Long> deliveryCounts(String stream, String group, String consumer, String fromId,
                                            String toId, int count) {
        return call("XPENDING", () -> {
            List<StreamPendingEntry> pending = jedis.xpending(stream, group,
                    XPendingParams.xPendingParams(fromId, toId, count).consumer(consumer));
            Map<String, Long> counts = new HashMap<>(pending.size() * 2);
            for (StreamPendingEntry p : pending) {
                counts.put(p.getID().toString(), p.getDeliveredTimes());
            }
            return counts;
        });
    }

    @Override
    public String addRaw(String stream, List<byte[]> namesAndValues) {
        return addRaw(stream, namesAndValues, 0);
    }

    @Override
    public String addRaw(String stream, List<byte[]> namesAndValues, long maxLen) {
        return call("XADD", () -> {
            List<byte[]> head = new ArrayList<>(4);
            head.add(bytes(stream));
            if (maxLen > 0) {
                head.add(bytes("MAXLEN"));
                head.add(bytes("~"));
                head.add(bytes(Long.toString(maxLen)));
            }
            head.add(bytes("*"));
            byte[][] args = new byte[namesAndValues.size() + head.size()][];
            for (int i = 0; i < head.size(); i++) {
                args[i] = head.get(i);
            }
            for (int i = 0; i < namesAndValues.size(); i++) {
                args[i + head.size()] = namesAndValues.get(i);
            }
            return text((byte[]) jedis.sendCommand(Protocol.Command.XADD, args));
        });
    }

    @Override
    public int keepOwned(String stream, String group, String consumer, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return call("EVAL (lease: XPENDING, XCLAIM JUSTID)", () -> {
            List<byte[]> args = new ArrayList<>(ids.size() + 2);
            args.add(bytes(group));
            args.add(bytes(consumer));
            for (String id : ids) {
                args.add(bytes(id));
            }
            Object n = jedis.eval(LuaScripts.KEEP_OWNED, List.of(bytes(stream)), args);
            return ((Number) n).intValue();
        });
    }

    @Override
    public List<String> deleteIdleConsumers(String stream, String group, long minIdleMs, Collection<String> keep) {
        return call("EVAL (cleanup: XINFO CONSUMERS, XGROUP DELCONSUMER)", () -> {
            List<byte[]> args = new ArrayList<>(keep.size() + 2);
            args.add(bytes(group));
            args.add(bytes(Long.toString(minIdleMs)));
            for (String name : keep) {
                args.add(bytes(name));
            }
            Object reply = jedis.eval(LuaScripts.DELETE_IDLE_CONSUMERS, List.of(bytes(stream)), args);
            List<String> deleted = new ArrayList<>();
            if (reply instanceof List<?> names) {
                for (Object name : names) {
                    deleted.add(StreamReplies.text(name));
                }
            }
            return deleted;
        });
    }

    @Override
    public Map<String, Long> consumerIdleTimes(String stream, String group) {
        return call("XINFO CONSUMERS", () -> {
            Object reply;
            try {
                reply = jedis.sendCommand(Protocol.Command.XINFO, bytes("CONSUMERS"), bytes(stream), bytes(group));
            } catch (JedisDataException e) {
                return Map.of(); // no such stream or group yet
            }
            Map<String, Long> idle = new HashMap<>();
            if (reply instanceof List<?> consumers) {
                for (Object c : consumers) {
                    Map<String, Object> info = StreamReplies.infoMap(c);
                    Object name = info.get("name");
                    Object ms = info.get("idle");
                    if (name != null && ms instanceof Number n) {
                        idle.put(StreamReplies.text(name), n.longValue());
                    }
                }
            }
            return idle;
        });
    }

    @Override
    public List<String> clientNames() {
        return call("CLIENT LIST", () -> {
            List<String> names = new ArrayList<>();
            for (String line : jedis.clientList().split("\n")) {
                int at = line.indexOf(" name=");
                if (at >= 0) {
                    int end = line.indexOf(' ', at + 6);
                    names.add(line.substring(at + 6, end < 0 ? line.length() : end).trim());
                }
            }
            return names;
        });
    }

    @Override
    public long clientId() {
        return call("CLIENT ID", jedis::clientId);
    }

    @Override
    public void unblock(long clientId) {
        call("CLIENT UNBLOCK", () -> jedis.clientUnblock(clientId));
    }

    @Override
    public void close() {
        ConnectionReturner r = returner;
        if (r != null) {
            r.giveBack(this);
        } else {
            destroy();
        }
    }

    boolean isBroken() {
        return broken || jedis.isBroken();
    }

    void destroy() {
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // closing a broken socket may fail; the connection is gone either way
        }
    }

    /** The topology generation this connection was opened under. */
    long generation() {
        return generation;
    }

    /** Refuses every further command: the master behind this connection was switched away. Thread-safe. */
    void retire() {
        retired = true;
    }

    /** The server's version, read when the connection was opened ({@code null}: unknown). */
    String serverVersion() {
        return serverVersion;
    }

    /** The connection answered that it talks to a server that cannot serve (see {@link ServerReplies}). */
    boolean talksToWrongServer() {
        return wrongServer;
    }

    /** Marks the moment the connection went back to its pool. */
    void idleFromNow() {
        idleSinceNanos = System.nanoTime();
    }

    long idleSince() {
        return idleSinceNanos;
    }

    long idleMillis() {
        return (System.nanoTime() - idleSinceNanos) / 1_000_000;
    }

    /** PING; false (and broken) when the connection is dead or talks to a server that cannot serve. */
    boolean ping() {
        try {
            call("PING", jedis::ping);
            return true;
        } catch (RuntimeException e) {
            broken = true;
            return false;
        }
    }

    /**
     * Runs a command, translating Jedis failures into ours and marking a broken connection. The one
     * place where a reply is classified: see {@link ServerReplies}.
     */
    private <T> T call(String command, Supplier<T> action) {
        if (retired) {
            broken = true;
            throw new RedisConnectionException(command + " not sent: the connection to Redis at " + endpoint
                    + " was dropped because the sentinels switched the master away from it", null, true);
        }
        T result;
        try {
            result = action.get();
        } catch (JedisConnectionException e) {
            broken = true;
            throw new RedisConnectionException(command + " failed, connection to Redis at " + endpoint + " lost: "
                    + JedisConnectionFactory.rootMessage(e), null);
        } catch (JedisDataException e) {
            throw replyFailure(command, e);
        } catch (PayloadMappingException | RedisPipelineException e) {
            // a payload that could not be encoded while a pipeline was written (the pipeline was synced), or the
            // per-command outcomes of a pipeline
            throw e;
        } catch (RuntimeException e) {
            // Anything else (a protocol surprise) leaves the connection in an unknown state.
            broken = true;
            throw new RedisConnectionException(command + " failed on Redis at " + endpoint + ": " + e, e);
        }
        if (retired) {
            // Answered by a master that the sentinels had already replaced: the effect may be lost with it.
            broken = true;
            throw new RedisConnectionException(command + " was answered by Redis at " + endpoint + " after the"
                    + " sentinels switched the master away from it: its effect may be lost", null);
        }
        return result;
    }

    /** An error reply: a connection-level failure when it means wrong or unavailable server, else a command error. */
    private RedStreamsException replyFailure(String command, JedisDataException e) {
        if (clusterNode && e instanceof JedisRedirectionException r && r.getTargetNode() != null) {
            return new RedisRedirectException(command + " redirected by Redis at " + endpoint + ": " + e.getMessage(),
                    r.getSlot(), new RedisNode(r.getTargetNode().getHost(), r.getTargetNode().getPort()),
                    e instanceof JedisAskDataException);
        }
        if (clusterNode && e.getMessage() != null && e.getMessage().startsWith("TRYAGAIN")) {
            // the two keys of an idempotent send are split by a slot migration for a moment: not run, the
            // connection is fine; the caller tries again (an idempotent send backs off and repeats)
            return new RedisConnectionException(command + " not run by Redis at " + endpoint + " while its slot"
                    + " is migrated: " + e.getMessage(), null, true);
        }
        if (ServerReplies.isWrongServer(e.getMessage()) || queuedWrongServer(e)) {
            broken = true;
            wrongServer = true;
            return new RedisConnectionException(command + " not served by Redis at " + endpoint
                    + ", which cannot serve it now (the connection is dropped): " + e.getMessage(), null, true);
        }
        return new RedisCommandException(command + " refused by Redis at " + endpoint + ": " + e.getMessage(), null);
    }

    /** MULTI/EXEC: Jedis attaches the errors of the queued commands to EXECABORT as suppressed exceptions. */
    private static boolean queuedWrongServer(JedisDataException e) {
        for (Throwable queued : e.getSuppressed()) {
            if (ServerReplies.isWrongServer(queued.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static XAddParams addParams(StreamTrim trim) {
        XAddParams params = XAddParams.xAddParams();
        if (trim.byLength()) {
            params.maxLen(trim.maxLen()).approximateTrimming();
        } else if (trim.byId()) {
            params.minId(trim.minId()).approximateTrimming();
        }
        return params;
    }

    /**
     * XADD as a command object, the field names and values added straight from the entry's map (no binary copy of
     * the map per entry, the usual field names as constant bytes).
     */
    private static CommandObject<byte[]> xadd(byte[] key, XAddParams params, Map<String, byte[]> fields) {
        CommandArguments args = new CommandArguments(Protocol.Command.XADD).key(key).addParams(params);
        for (Map.Entry<String, byte[]> f : fields.entrySet()) {
            args.add(fieldName(f.getKey())).add(f.getValue());
        }
        return new CommandObject<>(args, BuilderFactory.BINARY);
    }

    private static Map<byte[], byte[]> binary(Map<String, byte[]> fields) {
        Map<byte[], byte[]> map = new LinkedHashMap<>(fields.size() * 2);
        for (Map.Entry<String, byte[]> f : fields.entrySet()) {
            map.put(fieldName(f.getKey()), f.getValue());
        }
        return map;
    }

    private static byte[] fieldName(String name) {
        return switch (name) {
            case "payload" -> PAYLOAD_FIELD;
            case "type" -> TYPE_FIELD;
            default -> bytes(name);
        };
    }

    private static byte[][] idBytes(Collection<String> ids) {
        byte[][] out = new byte[ids.size()][];
        int i = 0;
        for (String id : ids) {
            out[i++] = bytes(id);
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- reading as a log (StreamReader) ----

    @Override
    public List<RawEntry> range(String stream, String start, String end, int count) {
        return call("XRANGE", () -> StreamReplies.entries(jedis.sendCommand(Protocol.Command.XRANGE, bytes(stream),
                bytes(start), bytes(end), COUNT, bytes(Integer.toString(count)))));
    }

    @Override
    public List<RawEntry> reverseRange(String stream, String end, String start, int count) {
        return call("XREVRANGE", () -> StreamReplies.entries(jedis.sendCommand(Protocol.Command.XREVRANGE,
                bytes(stream), bytes(end), bytes(start), COUNT, bytes(Integer.toString(count)))));
    }

    @Override
    public List<RawEntry> read(String stream, String afterId, int count, long blockMs) {
        return call("XREAD", () -> {
            List<byte[]> args = new ArrayList<>(7);
            addCountBlockStream(args, count, blockMs, stream, afterId);
            return StreamReplies.readGroupReply(jedis.sendCommand(Protocol.Command.XREAD, args.toArray(new byte[0][])));
        });
    }

    /** The tail XREAD and XREADGROUP share: {@code COUNT n [BLOCK ms] STREAMS stream id}. */
    private static void addCountBlockStream(List<byte[]> args, int count, long blockMs, String stream, String id) {
        args.add(COUNT);
        args.add(bytes(Integer.toString(count)));
        if (blockMs > 0) {
            args.add(BLOCK);
            args.add(bytes(Long.toString(blockMs)));
        }
        args.add(STREAMS);
        args.add(bytes(stream));
        args.add(bytes(id));
    }

    // ---- Admin views and dead-letter replay (issue 12) ----

    @Override
    public List<GroupInfo> groups(String stream) {
        return call("XINFO GROUPS", () -> AdminReplies.groups(absentAsNull(() ->
                jedis.sendCommand(Protocol.Command.XINFO, bytes("GROUPS"), bytes(stream)))));
    }

    @Override
    public List<ConsumerInfo> consumers(String stream, String group) {
        return call("XINFO CONSUMERS", () -> AdminReplies.consumers(absentAsNull(() ->
                jedis.sendCommand(Protocol.Command.XINFO, bytes("CONSUMERS"), bytes(stream), bytes(group)))));
    }

    @Override
    public PendingSummary pendingSummary(String stream, String group) {
        return call("XPENDING", () -> AdminReplies.pendingSummary(absentAsNull(() ->
                jedis.sendCommand(Protocol.Command.XPENDING, bytes(stream), bytes(group)))));
    }

    @Override
    public List<PendingEntry> pendingEntries(String stream, String group, String consumer, String fromId,
                                             String toId, int count) {
        return call("XPENDING", () -> {
            List<byte[]> args = new ArrayList<>(6);
            args.add(bytes(stream));
            args.add(bytes(group));
            args.add(bytes(fromId));
            args.add(bytes(toId));
            args.add(bytes(Integer.toString(count)));
            if (consumer != null) {
                args.add(bytes(consumer));
            }
            return AdminReplies.pendingEntries(absentAsNull(() ->
                    jedis.sendCommand(Protocol.Command.XPENDING, args.toArray(new byte[0][]))));
        });
    }

    @Override
    public String lastGeneratedId(String stream) {
        return call("XINFO STREAM", () -> {
            Object reply = absentAsNull(() ->
                    jedis.sendCommand(Protocol.Command.XINFO, bytes("STREAM"), bytes(stream)));
            return reply == null ? null : AdminReplies.lastGeneratedId(reply);
        });
    }

    @Override
    public long delete(String stream, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return call("XDEL", () -> jedis.xdel(bytes(stream), idBytes(ids)));
    }

    /** Runs an admin command; {@code null} when Redis answers that the stream or group does not exist. */
    private static Object absentAsNull(Supplier<Object> command) {
        try {
            return command.get();
        } catch (JedisDataException e) {
            if (AdminReplies.isAbsent(e.getMessage())) {
                return null;
            }
            throw e;
        }
    }
}
