package io.redstreams;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An open tail of one stream: the entries after a starting point, then every entry added later, read with
 * {@code XREAD BLOCK} (no consumer group: nothing is acknowledged, nothing is left pending, any number of tails may
 * read the same stream). Get one from {@link StreamReader#tail(String, TailOptions, Class)}; it holds one Redis
 * connection of its own until {@link #close()}.
 *
 * <p>Reading is a pull on the caller's thread: {@link #hasNext()} and {@link #next()} block until an entry arrives
 * or the tail is closed (then {@code hasNext()} returns false); {@link #poll(Duration)} waits at most a given time.
 * No library thread runs application code.
 *
 * <p>Failures: a lost connection is not an error of the tail: it opens a new one (backing off up to 2 s, one
 * warning in the log per outage) and goes on after the last entry it returned, so nothing is skipped or repeated.
 * A command Redis refuses ({@code WRONGTYPE}, {@code NOPERM}) throws {@link StreamReadException}; the tail stays
 * open. An entry whose payload cannot be mapped is returned like the others, with
 * {@link StreamMessage#mappingFailure()} set.
 *
 * <p>Thread-safety: one thread reads at a time (a second concurrent reader gets {@link IllegalStateException});
 * {@link #close()} may be called from any thread, also while another one is blocked reading: the blocked read ends
 * within milliseconds ({@code CLIENT UNBLOCK} from another pooled connection), or after at most
 * {@link TailOptions#block(Duration)} when Redis does not allow that command or when the close falls in the instant
 * between two reads. Interrupting the reading thread does not end a read
 * in progress (socket reads ignore interrupts); once it ends, {@link #hasNext()} on an interrupted thread throws
 * {@link StreamReadException} and leaves the interrupt flag set. Use {@link #close()} to stop a tail.
 *
 * @param <T> the payload type
 */
public interface StreamTail<T> extends Iterator<StreamMessage<T>>, AutoCloseable {

    /**
     * Waits until at least one entry arrives (up to {@link TailOptions#count(int)} are returned together), the
     * timeout passes (an empty list) or the tail is closed (an empty list).
     *
     * @param timeout how long to wait at most; zero (or negative): only what is there now, without blocking
     * @return the entries that arrived, oldest first, at most {@link TailOptions#count(int)} of them; empty when
     *         the timeout passed or the tail is closed
     * @throws StreamReadException   when Redis refuses the read, or the thread is interrupted while the tail waits
     *                               to reconnect
     * @throws IllegalStateException when another thread is reading this tail
     */
    List<StreamMessage<T>> poll(Duration timeout);

    /**
     * Blocks until an entry is there (true) or the tail is closed (false).
     *
     * @return {@code true} when {@link #next()} returns an entry without blocking, {@code false} once the tail is
     *         closed
     * @throws StreamReadException   when Redis refuses the read, or the thread is interrupted
     * @throws IllegalStateException when another thread is reading this tail
     */
    @Override
    boolean hasNext();

    /**
     * The next entry, waiting for it as {@link #hasNext()} does.
     *
     * @return the next entry; its payload may be unmapped (see {@link StreamMessage#mappingFailure()})
     * @throws NoSuchElementException when the tail is closed
     * @throws StreamReadException    as for {@link #hasNext()}
     */
    @Override
    StreamMessage<T> next();

    /**
     * The id of the last entry returned; the starting point (after {@code $} was resolved) before that. Pass it to
     * {@link TailOptions#after(String)} to go on later where this tail stopped. May be read from any thread.
     *
     * @return the id of the last entry returned by {@link #next()} or {@link #poll(Duration)}; before the first,
     *         the id the tail started after ({@code 0-0} for {@link TailOptions#fromNow()} on an empty or missing
     *         stream)
     */
    String lastId();

    /**
     * {@return whether the tail is closed, by {@link #close()} or because the reader was closed with the
     * application} May be called from any thread.
     */
    boolean isClosed();

    /**
     * Ends the tail: a blocked read returns (see the class comment), entries already fetched but not yet returned
     * are dropped, and the connection goes back to the pool. Idempotent; never throws.
     */
    @Override
    void close();
}
