package io.redstreams.impl.admin;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.redstreams.ConsumerInfo;
import io.redstreams.DeadLetter;
import io.redstreams.GroupInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;
import io.redstreams.ProducerStatus;
import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;
import io.redstreams.impl.redis.EntryIds;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisSettings;

/**
 * {@link StreamAdmin} over a small connection pool of its own ({@code redstreams-admin}, at most {@value #POOL_SIZE}
 * connections), so an operator's calls never take a connection a consumer or the producer needs. Every view is one
 * command on one borrowed connection; replays are {@link DeadLetterReplay}. Thread-safe. {@link #close()} closes the
 * pool; later calls fail with {@link IllegalStateException}.
 */
public final class StreamAdminEngine implements StreamAdmin, AutoCloseable {

    static final int POOL_SIZE = 2;

    private final RedisConnectionPool pool;
    private final Supplier<ProducerStatus> producerStatus;
    private volatile boolean closed;

    /**
     * @param producerStatus the engine's producer snapshot (no Redis command), for {@link #producerStatus()}
     */
    public StreamAdminEngine(RedisSettings redis, Supplier<ProducerStatus> producerStatus) {
        this.pool = new RedisConnectionPool(redis, "admin", POOL_SIZE, redis.timeoutMs());
        this.producerStatus = producerStatus;
    }

    @Override
    public List<GroupInfo> groups(String stream) {
        key("stream", stream);
        return on(c -> c.groups(stream));
    }

    @Override
    public List<ConsumerInfo> consumers(String stream, String group) {
        key("stream", stream);
        key("group", group);
        return on(c -> c.consumers(stream, group));
    }

    @Override
    public PendingSummary pendingSummary(String stream, String group) {
        key("stream", stream);
        key("group", group);
        return on(c -> c.pendingSummary(stream, group));
    }

    @Override
    public List<PendingEntry> pending(String stream, String group, int count) {
        return pending(stream, group, "-", "+", count);
    }

    @Override
    public List<PendingEntry> pending(String stream, String group, String fromId, String toId, int count) {
        key("stream", stream);
        key("group", group);
        range(fromId, toId, count);
        return on(c -> c.pendingEntries(stream, group, null, fromId, toId, count));
    }

    @Override
    public List<PendingEntry> pending(String stream, String group, String consumer, String fromId, String toId,
                                      int count) {
        key("stream", stream);
        key("group", group);
        key("consumer", consumer);
        range(fromId, toId, count);
        return on(c -> c.pendingEntries(stream, group, consumer, fromId, toId, count));
    }

    @Override
    public List<DeadLetter> deadLetters(String deadLetterStream, int count) {
        return deadLetters(deadLetterStream, "-", "+", count);
    }

    @Override
    public List<DeadLetter> deadLetters(String deadLetterStream, String fromId, String toId, int count) {
        key("deadLetterStream", deadLetterStream);
        range(fromId, toId, count);
        return on(c -> c.range(deadLetterStream, fromId, toId, count)).stream().map(DeadLetterFormat::parse).toList();
    }

    @Override
    public ReplayResult replayAll(String deadLetterStream) {
        return replayIf(deadLetterStream, letter -> true);
    }

    @Override
    public ReplayResult replay(String deadLetterStream, Collection<String> deadLetterIds) {
        key("deadLetterStream", deadLetterStream);
        Objects.requireNonNull(deadLetterIds, "deadLetterIds");
        Set<String> ids = new LinkedHashSet<>();
        for (String id : deadLetterIds) {
            if (!EntryIds.isId(id)) {
                throw new IllegalArgumentException("not a stream entry id: " + id);
            }
            ids.add(id);
        }
        open();
        return new DeadLetterReplay(pool, deadLetterStream).byIds(ids);
    }

    @Override
    public ReplayResult replayIf(String deadLetterStream, Predicate<? super DeadLetter> filter) {
        key("deadLetterStream", deadLetterStream);
        Objects.requireNonNull(filter, "filter");
        open();
        return new DeadLetterReplay(pool, deadLetterStream).matching(filter);
    }

    @Override
    public ReplayResult replayWhereReason(String deadLetterStream, Predicate<String> reasonFilter) {
        Objects.requireNonNull(reasonFilter, "reasonFilter");
        return replayIf(deadLetterStream, letter -> letter.reason() != null && reasonFilter.test(letter.reason()));
    }

    @Override
    public List<String> deleteEmptyConsumers(String stream, String group, Duration minIdle) {
        key("stream", stream);
        key("group", group);
        if (minIdle == null || minIdle.isNegative()) {
            throw new IllegalArgumentException("minIdle must be zero or positive: " + minIdle);
        }
        return on(c -> {
            try {
                return c.deleteIdleConsumers(stream, group, minIdle.toMillis(), List.of());
            } catch (RedisCommandException e) {
                if (e.isNoGroup() || String.valueOf(e.getMessage()).contains("ERR no such key")) {
                    return List.of(); // no such stream or group: nothing to delete (the script's XINFO said so)
                }
                throw e;
            }
        });
    }

    @Override
    public ProducerStatus producerStatus() {
        open();
        return producerStatus.get();
    }

    /** Closes the pool; later calls fail. */
    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    private <T> T on(Function<RedisConnection, T> command) {
        open();
        try (RedisConnection connection = pool.acquire()) {
            return command.apply(connection);
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("redstreams is shut down: the application is stopping");
        }
    }

    private static void key(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or empty");
        }
    }

    private static void range(String fromId, String toId, int count) {
        if (fromId == null || fromId.isEmpty() || toId == null || toId.isEmpty()) {
            throw new IllegalArgumentException("fromId and toId must not be null or empty (use - and +)");
        }
        for (String bound : new String[] {fromId, toId}) {
            if (!EntryIds.isBound(bound)) {
                throw new IllegalArgumentException("not a stream id bound: '" + bound
                        + "' (expected -, +, <ms>, <ms>-<seq>, or one of those ids after '(' for an exclusive bound)");
            }
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
    }

    @Override
    public String toString() {
        return "StreamAdminEngine[" + pool + "]";
    }
}
