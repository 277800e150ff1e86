package io.redstreams;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads streams as logs: ranges of entries by id or by time, whole streams in pages, and tails that follow what is
 * added, all outside any consumer group (nothing is acknowledged, no group or pending entry is created or changed).
 * Inject it into any CDI bean: {@code @Inject StreamReader reader;}. Thread-safe; every method borrows a connection
 * from the reader's own pool ({@code redstreams-reader}) for one call, except a tail, which holds one
 * ({@code redstreams-tail}) until it is closed. Closed with the application.
 *
 * <p><b>Ids.</b> Range bounds are entry ids as Redis takes them: {@code -} (the first entry), {@code +} (the last), an
 * id {@code <ms>-<seq>} or {@code <ms>} alone; a {@code (} before an id makes the bound exclusive
 * ({@code "(1700000000000-3"}: after that entry). {@code fromId} is always the low and {@code toId} the high end,
 * also for the reverse methods. A malformed id throws {@link IllegalArgumentException} before anything is sent.
 *
 * <p><b>Payloads</b> are mapped exactly as for {@code @StreamConsumer} parameters: a POJO or record from JSON
 * (JSON-B), {@code String} (UTF-8 text), {@code byte[]} (the bytes as stored), or {@code Map.class} for all fields of
 * the entry as {@code Map<String, String>} ({@code payload} and {@code type} included). An entry that cannot be
 * mapped (no {@code payload} field, JSON of another shape) does not end a read: it is returned in its place, its
 * {@link StreamMessage#payload()} throws {@link PayloadMappingException} and {@link StreamMessage#mappingFailure()}
 * holds the reason. {@link StreamMessage#deliveryCount()} is 0.
 *
 * <p><b>Errors.</b> {@link IllegalArgumentException} for bad input (empty stream, malformed id, {@code count < 1},
 * an unsupported payload type such as {@code Object}); {@link StreamReadException} when Redis cannot be reached
 * (after up to 3 quick attempts: reads are safe to repeat) or refuses the command (e.g. {@code WRONGTYPE}). A stream
 * that does not exist reads as empty. {@link IllegalStateException} once the reader is closed (the application is
 * shutting down).
 *
 * <p><b>Redis commands:</b> XRANGE, XREVRANGE, XREAD (with BLOCK for tails), CLIENT ID and CLIENT UNBLOCK (closing a
 * tail).
 */
public interface StreamReader {

    /** The largest sequence number of a stream id (unsigned 64 bits). */
    String MAX_SEQUENCE = "18446744073709551615";

    /**
     * Up to {@code count} entries between two ids, oldest first (one XRANGE): the first {@code count} entries of
     * the range.
     *
     * @param <T>    the payload type
     * @param stream the key of the stream
     * @param fromId the low bound: {@code -}, an id, or {@code (id} (exclusive)
     * @param toId   the high bound: {@code +}, an id, or {@code (id} (exclusive)
     * @param count  at most this many entries, {@code >= 1}
     * @param type   the payload type ({@code Map.class} for all fields)
     * @return the entries, oldest first; empty when none is in the range or the stream does not exist
     * @throws IllegalArgumentException for an empty stream name, a malformed id, {@code count < 1} or an unsupported
     *                                  payload type
     * @throws StreamReadException      when Redis cannot be reached or refuses the XRANGE
     */
    <T> List<StreamMessage<T>> range(String stream, String fromId, String toId, int count, Class<T> type);

    /**
     * Up to {@code count} entries between two ids, newest first (one XREVRANGE): the last {@code count} entries of
     * the range. The bounds are the same as for {@link #range}: {@code fromId} low, {@code toId} high.
     *
     * @param <T>    the payload type
     * @param stream the key of the stream
     * @param fromId the low bound: {@code -}, an id, or {@code (id} (exclusive)
     * @param toId   the high bound: {@code +}, an id, or {@code (id} (exclusive)
     * @param count  at most this many entries, {@code >= 1}
     * @param type   the payload type ({@code Map.class} for all fields)
     * @return the entries, newest first; empty when none is in the range or the stream does not exist
     * @throws IllegalArgumentException for an empty stream name, a malformed id, {@code count < 1} or an unsupported
     *                                  payload type
     * @throws StreamReadException      when Redis cannot be reached or refuses the XREVRANGE
     */
    <T> List<StreamMessage<T>> reverseRange(String stream, String fromId, String toId, int count, Class<T> type);

    /**
     * Up to {@code count} entries added from {@code from} to {@code to}, both inclusive, oldest first: the ids
     * {@link #fromTime(Instant)} to {@link #toTime(Instant)}. Times are those in the ids, i.e. of the Redis server's
     * clock for generated ids, with millisecond precision (below that, truncated). One XRANGE.
     *
     * @param <T>    the payload type
     * @param stream the key of the stream
     * @param from   the earliest time, inclusive
     * @param to     the latest time, inclusive
     * @param count  at most this many entries, {@code >= 1}
     * @param type   the payload type ({@code Map.class} for all fields)
     * @return the entries, oldest first; empty when none was added in that time or {@code from} is after {@code to}
     * @throws IllegalArgumentException for an empty stream name, a null time or one before the epoch,
     *                                  {@code count < 1} or an unsupported payload type
     * @throws StreamReadException      when Redis cannot be reached or refuses the XRANGE
     */
    <T> List<StreamMessage<T>> range(String stream, Instant from, Instant to, int count, Class<T> type);

    /**
     * As {@link #range(String, Instant, Instant, int, Class)}, newest first (one XREVRANGE): the last {@code count}
     * entries added from {@code from} to {@code to}, both inclusive.
     *
     * @param <T>    the payload type
     * @param stream the key of the stream
     * @param from   the earliest time, inclusive
     * @param to     the latest time, inclusive
     * @param count  at most this many entries, {@code >= 1}
     * @param type   the payload type ({@code Map.class} for all fields)
     * @return the entries, newest first; empty when none was added in that time or {@code from} is after {@code to}
     * @throws IllegalArgumentException for an empty stream name, a null time or one before the epoch,
     *                                  {@code count < 1} or an unsupported payload type
     * @throws StreamReadException      when Redis cannot be reached or refuses the XREVRANGE
     */
    <T> List<StreamMessage<T>> reverseRange(String stream, Instant from, Instant to, int count, Class<T> type);

    /**
     * Every entry of a range, fetched lazily in pages of {@link ReadRange#pageSize()} entries (XRANGE, or XREVRANGE
     * for a reversed range, each page starting after the last entry of the one before): at most one page is held in
     * memory, and nothing is read before the stream is consumed. A page shorter than the page size ends the
     * reading; so a range of {@code n} entries takes {@code n / pageSize + 1} calls. Entries added behind the
     * reading position while it runs are included (oldest first) until the high bound.
     *
     * <p>Close the stream (try-with-resources) when done, also when stopping early: a closed stream reads nothing
     * more. It is sequential; use it on one thread. A failing page throws {@link StreamReadException} from the
     * terminal operation.
     *
     * @param <T>   the payload type
     * @param range the stream, bounds, direction and page size
     * @param type  the payload type ({@code Map.class} for all fields)
     * @return a lazy, ordered, sequential stream of the entries of the range
     * @throws IllegalArgumentException for a null range, a malformed bound or an unsupported payload type (checked
     *                                  here, before anything is read)
     */
    <T> Stream<StreamMessage<T>> stream(ReadRange range, Class<T> type);

    /**
     * Opens a tail of {@code stream}: the entries after {@link TailOptions#afterId()} and then every entry added,
     * until the tail is closed. See {@link StreamTail}. The stream need not exist yet. The tail's own connection is
     * opened here (and, for {@link TailOptions#fromNow()}, the stream's last id read with one XREVRANGE), so an
     * unreachable Redis fails now rather than on the first read.
     *
     * @param <T>     the payload type
     * @param stream  the key of the stream
     * @param options where the tail starts, how many entries one XREAD returns and how long it blocks
     * @param type    the payload type ({@code Map.class} for all fields)
     * @return an open tail; close it when done to give its connection back
     * @throws IllegalArgumentException for an empty stream name, null options, a malformed
     *                                  {@link TailOptions#afterId()} or an unsupported payload type
     * @throws StreamReadException      when Redis cannot be reached to resolve {@link TailOptions#fromNow()} or to
     *                                  open the tail's connection, or when 64 tails are already open and none
     *                                  is closed within the connection pool's wait time
     */
    <T> StreamTail<T> tail(String stream, TailOptions options, Class<T> type);

    /**
     * The lowest id of the millisecond of {@code time}: {@code <epoch ms>-0}.
     *
     * @param time the instant; below a millisecond, truncated
     * @return the id, usable as a low bound
     * @throws IllegalArgumentException if {@code time} is null, before the epoch, or too large for epoch
     *                                  milliseconds
     */
    static String fromTime(Instant time) {
        return epochMillis(time) + "-0";
    }

    /**
     * The highest id of the millisecond of {@code time}: {@code <epoch ms>-18446744073709551615}.
     *
     * @param time the instant; below a millisecond, truncated
     * @return the id, usable as a high bound
     * @throws IllegalArgumentException if {@code time} is null, before the epoch, or too large for epoch
     *                                  milliseconds
     */
    static String toTime(Instant time) {
        return epochMillis(time) + "-" + MAX_SEQUENCE;
    }

    private static long epochMillis(Instant time) {
        if (time == null) {
            throw new IllegalArgumentException("the time must not be null");
        }
        if (time.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("stream ids start at the epoch; " + time + " is before it");
        }
        try {
            return time.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time out of range: " + time, e);
        }
    }
}
