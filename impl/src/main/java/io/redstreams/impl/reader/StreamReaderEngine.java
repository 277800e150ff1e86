package io.redstreams.impl.reader;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.redstreams.ReadRange;
import io.redstreams.StreamMessage;
import io.redstreams.StreamReadException;
import io.redstreams.StreamReader;
import io.redstreams.StreamTail;
import io.redstreams.TailOptions;
import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisSettings;

/**
 * The {@link StreamReader} of an engine: ranges and pages on a pool of short-lived connections
 * ({@code <client name>-reader}, at most {@value #POOL_SIZE}), tails on connections of their own
 * ({@code <client name>-tail}, at most {@value #MAX_TAILS} open at once). Pools open nothing until first use.
 * Thread-safe. {@link #close()} closes every open tail and then the pools.
 */
public final class StreamReaderEngine implements StreamReader, AutoCloseable {

    /** Connections for ranges and pages (each borrowed for one call). */
    static final int POOL_SIZE = 8;

    /** Tails open at once; one more fails to open with {@link StreamReadException}. */
    static final int MAX_TAILS = 64;

    private final JsonMapper json;
    private final RedisConnectionPool pool;
    private final RedisConnectionPool tailPool;
    private final ReadConnections reads;
    private final Set<BlockingTail<?>> openTails = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public StreamReaderEngine(RedisSettings redis, JsonMapper json) {
        this.json = json;
        this.pool = new RedisConnectionPool(redis, "reader", POOL_SIZE, redis.timeoutMs());
        int tailSocketTimeout = (int) Math.min(Integer.MAX_VALUE,
                redis.timeoutMs() + TailOptions.MAX_BLOCK.toMillis());
        this.tailPool = new RedisConnectionPool(redis, "tail", MAX_TAILS, tailSocketTimeout);
        this.reads = new ReadConnections(pool);
    }

    @Override
    public <T> List<StreamMessage<T>> range(String stream, String fromId, String toId, int count, Class<T> type) {
        return read(stream, fromId, toId, count, type, false);
    }

    @Override
    public <T> List<StreamMessage<T>> reverseRange(String stream, String fromId, String toId, int count,
                                                   Class<T> type) {
        return read(stream, fromId, toId, count, type, true);
    }

    @Override
    public <T> List<StreamMessage<T>> range(String stream, Instant from, Instant to, int count, Class<T> type) {
        return read(stream, StreamReader.fromTime(from), StreamReader.toTime(to), count, type, false);
    }

    @Override
    public <T> List<StreamMessage<T>> reverseRange(String stream, Instant from, Instant to, int count,
                                                   Class<T> type) {
        return read(stream, StreamReader.fromTime(from), StreamReader.toTime(to), count, type, true);
    }

    private <T> List<StreamMessage<T>> read(String stream, String fromId, String toId, int count, Class<T> type,
                                            boolean reversed) {
        ReadIds.stream(stream);
        String from = ReadIds.bound("fromId", fromId);
        String to = ReadIds.bound("toId", toId);
        ReadIds.count(count);
        EntryMapper<T> mapper = EntryMapper.of(type, json);
        checkOpen();
        List<RawEntry> entries = reversed
                ? reads.run("XREVRANGE " + stream, c -> c.reverseRange(stream, to, from, count))
                : reads.run("XRANGE " + stream, c -> c.range(stream, from, to, count));
        List<StreamMessage<T>> messages = new ArrayList<>(entries.size());
        for (RawEntry entry : entries) {
            messages.add(mapper.map(stream, entry));
        }
        return messages;
    }

    @Override
    public <T> Stream<StreamMessage<T>> stream(ReadRange range, Class<T> type) {
        if (range == null) {
            throw new IllegalArgumentException("the range must not be null, e.g. ReadRange.of(\"orders\")");
        }
        EntryMapper<T> mapper = EntryMapper.of(type, json);
        checkOpen();
        PagedRange<T> pages = new PagedRange<>(reads, mapper, range);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(pages::close);
    }

    @Override
    public <T> StreamTail<T> tail(String stream, TailOptions options, Class<T> type) {
        ReadIds.stream(stream);
        if (options == null) {
            throw new IllegalArgumentException("the options must not be null, e.g. TailOptions.fromNow()");
        }
        String after = ReadIds.after(options.afterId());
        EntryMapper<T> mapper = EntryMapper.of(type, json);
        checkOpen();
        if (after.equals("$")) {
            // "now" fixed here, as an id: a reconnect later goes on from it instead of from a later $
            List<RawEntry> last = reads.run("XREVRANGE " + stream, c -> c.reverseRange(stream, "+", "-", 1));
            after = last.isEmpty() ? "0-0" : last.get(0).id();
        }
        RedisConnection connection = openTailConnection(stream);
        long clientId;
        try {
            clientId = connection.clientId();
        } catch (RuntimeException e) {
            connection.close();
            throw new StreamReadException("Cannot open a tail of " + stream + ": " + e.getMessage(), null);
        }
        BlockingTail<T> tail = new BlockingTail<>(stream, after, mapper, tailPool, reads, options.count(),
                options.block().toMillis(), connection, clientId, openTails::remove);
        openTails.add(tail);
        if (closed) {
            tail.close();
            checkOpen();
        }
        return tail;
    }

    private RedisConnection openTailConnection(String stream) {
        try {
            return tailPool.acquire();
        } catch (RedisConnectionException | RedisCommandException e) {
            throw new StreamReadException("Cannot open a tail of " + stream + " (at most " + MAX_TAILS
                    + " tails may be open at once): " + e.getMessage(), null);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("redstreams is shut down: the reader is closed");
        }
    }

    /** Tails open now. */
    public int openTails() {
        return openTails.size();
    }

    @Override
    public void close() {
        closed = true;
        for (BlockingTail<?> tail : List.copyOf(openTails)) {
            tail.close();
        }
        pool.close();
        tailPool.close();
    }
}
