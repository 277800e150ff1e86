package io.redstreams.impl.reader;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.redstreams.StreamMessage;
import io.redstreams.StreamReadException;
import io.redstreams.StreamTail;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * A {@link StreamTail}: XREAD BLOCK on a connection of its own, on the caller's thread, from a cursor (the last id
 * fetched). Closing marks it closed and ends a blocked read with CLIENT UNBLOCK sent on another connection; each
 * XREAD blocks at most {@code blockMs}, which bounds a close that CLIENT UNBLOCK could not reach. A lost connection
 * is replaced (with a backoff up to 2 s) and reading goes on from the cursor. The lock guards only the hand-over of
 * the connection between the reading thread and {@link #close()}; it is never held across a Redis call.
 */
final class BlockingTail<T> implements StreamTail<T> {

    private static final Logger LOG = Logger.getLogger(BlockingTail.class.getName());
    private static final long MAX_BACKOFF_MS = 2000;

    private final String stream;
    private final EntryMapper<T> mapper;
    private final RedisConnectionPool tails;
    private final ReadConnections reads;
    private final int count;
    private final long blockMs;
    private final Consumer<BlockingTail<?>> onClose;
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final Object lock = new Object();
    // read and written by the reading thread only
    private final ArrayDeque<RawEntry> fetched = new ArrayDeque<>();
    private String cursor;
    private long backoffMs;
    private boolean inOutage;
    private volatile String lastId;
    // guarded by lock
    private boolean closed;
    private boolean reading;
    private RedisConnection connection;
    private long clientId = -1;

    /**
     * @param connection an open connection of the tails' pool (the caller opened it, so that an unreachable Redis
     *                   fails the opening), or {@code null} to open one on the first read
     */
    BlockingTail(String stream, String afterId, EntryMapper<T> mapper, RedisConnectionPool tails,
                 ReadConnections reads, int count, long blockMs, RedisConnection connection, long clientId,
                 Consumer<BlockingTail<?>> onClose) {
        this.stream = stream;
        this.cursor = afterId;
        this.lastId = afterId;
        this.mapper = mapper;
        this.tails = tails;
        this.reads = reads;
        this.count = count;
        this.blockMs = blockMs;
        this.connection = connection;
        this.clientId = clientId;
        this.onClose = onClose;
    }

    @Override
    public List<StreamMessage<T>> poll(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (fetched.isEmpty() && !isClosed()) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            readOnce(Math.min(blockMs, remainingMs), Math.max(0, remainingMs));
            if (remainingMs <= 0) {
                break; // a read without blocking was the last chance
            }
        }
        List<StreamMessage<T>> out = new ArrayList<>(fetched.size());
        while (!fetched.isEmpty() && !isClosed()) {
            out.add(take());
        }
        return out;
    }

    @Override
    public boolean hasNext() {
        while (fetched.isEmpty()) {
            if (isClosed()) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new StreamReadException("interrupted while waiting for entries of " + stream, null);
            }
            readOnce(blockMs, MAX_BACKOFF_MS);
        }
        return !isClosed();
    }

    @Override
    public StreamMessage<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the tail of " + stream + " is closed");
        }
        return take();
    }

    private StreamMessage<T> take() {
        RawEntry entry = fetched.poll();
        lastId = entry.id();
        return mapper.map(stream, entry);
    }

    /** One XREAD of up to {@code count} entries after the cursor, into {@link #fetched}. */
    private void readOnce(long block, long maxBackoffMs) {
        RedisConnection c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (reading) {
                throw new IllegalStateException("another thread is reading this tail of " + stream);
            }
            reading = true;
            c = connection;
        }
        try {
            if (c == null) {
                c = tails.acquire();
                long id = c.clientId();
                synchronized (lock) {
                    connection = c;
                    clientId = id;
                    if (closed) {
                        return;
                    }
                }
            }
            List<RawEntry> entries = c.read(stream, cursor, count, block);
            recovered();
            if (!entries.isEmpty()) {
                cursor = entries.get(entries.size() - 1).id();
                fetched.addAll(entries);
            }
        } catch (RedisConnectionException e) {
            dropConnection();
            outage(e, maxBackoffMs);
        } catch (RedisCommandException e) {
            throw new StreamReadException("XREAD of " + stream + " failed: " + e.getMessage(), null);
        } finally {
            RedisConnection toRelease = null;
            synchronized (lock) {
                reading = false;
                if (closed) {
                    toRelease = connection;
                    connection = null;
                }
            }
            if (toRelease != null) {
                toRelease.close();
            }
        }
    }

    private void dropConnection() {
        RedisConnection broken;
        synchronized (lock) {
            broken = connection;
            connection = null;
            clientId = -1;
        }
        if (broken != null) {
            broken.close(); // the pool discards a broken connection
        }
    }

    private void outage(RedisConnectionException e, long maxWaitMs) {
        if (!inOutage) {
            inOutage = true;
            LOG.warning(() -> "redstreams: the tail of " + stream + " lost its connection; reconnecting, then"
                    + " reading on after " + cursor + ": " + e.getMessage());
        }
        backoffMs = backoffMs == 0 ? 50 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        try {
            closedSignal.await(Math.min(backoffMs, maxWaitMs), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StreamReadException("interrupted while reconnecting the tail of " + stream, null);
        }
    }

    private void recovered() {
        if (inOutage) {
            inOutage = false;
            LOG.info(() -> "redstreams: the tail of " + stream + " is connected again");
        }
        backoffMs = 0;
    }

    @Override
    public String lastId() {
        return lastId;
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public void close() {
        RedisConnection toRelease = null;
        long blocked = -1;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (reading) {
                blocked = clientId; // the reading thread gives the connection back when its read ends
            } else {
                toRelease = connection;
                connection = null;
            }
        }
        closedSignal.countDown();
        try {
            if (toRelease != null) {
                toRelease.close();
            }
            if (blocked >= 0) {
                reads.unblock(blocked);
            }
        } catch (RuntimeException e) {
            // closing never throws; the connection is discarded either way
        } finally {
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "StreamTail[" + stream + " after " + lastId + (isClosed() ? ", closed" : "") + "]";
    }
}
