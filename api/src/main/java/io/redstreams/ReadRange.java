package io.redstreams;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link StreamReader#stream(ReadRange, Class)} reads: a stream, the bounds of a range of entry ids, the
 * direction and the page size. An immutable parameter object; each method returns a changed copy. Thread-safe.
 *
 * <pre>{@code
 * ReadRange.of("orders")                                   // the whole stream, oldest first, pages of 100
 * ReadRange.of("orders").from("(1700000000000-3").pageSize(1000)
 * ReadRange.of("orders").between(Instant.now().minusSeconds(60), Instant.now()).reversed()
 * }</pre>
 *
 * <p>Bounds are entry ids as Redis takes them: {@code -} (the first entry), {@code +} (the last), an id
 * {@code <ms>-<seq>}, or {@code <ms>} alone (from: {@code <ms>-0}, to: the last sequence of that millisecond); a
 * {@code (} before an id makes that bound exclusive. Both bounds are the low and the high end, whatever the
 * direction.
 */
public final class ReadRange {

    /** The default page size: entries per XRANGE/XREVRANGE call. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    private final String stream;
    private final String fromId;
    private final String toId;
    private final boolean reversed;
    private final int pageSize;

    private ReadRange(String stream, String fromId, String toId, boolean reversed, int pageSize) {
        this.stream = stream;
        this.fromId = fromId;
        this.toId = toId;
        this.reversed = reversed;
        this.pageSize = pageSize;
    }

    /**
     * The whole stream, oldest first, in pages of {@value #DEFAULT_PAGE_SIZE}: the bounds {@code -} and {@code +}.
     *
     * @param stream the key of the stream to read
     * @return a range over all entries of {@code stream}
     * @throws IllegalArgumentException for a null or empty stream name
     */
    public static ReadRange of(String stream) {
        if (stream == null || stream.isEmpty()) {
            throw new IllegalArgumentException("the stream name must not be null or empty");
        }
        return new ReadRange(stream, "-", "+", false, DEFAULT_PAGE_SIZE);
    }

    /**
     * Sets the low bound. The value is not checked here: a malformed bound makes
     * {@link StreamReader#stream(ReadRange, Class)} throw {@link IllegalArgumentException}.
     *
     * @param fromId the low bound: {@code -}, an id {@code <ms>-<seq>} or {@code <ms>}, or {@code (id} for an
     *               exclusive bound
     * @return a copy of this range with the new low bound
     * @throws NullPointerException if {@code fromId} is null
     */
    public ReadRange from(String fromId) {
        return new ReadRange(stream, Objects.requireNonNull(fromId, "fromId"), toId, reversed, pageSize);
    }

    /**
     * Sets the high bound. The value is not checked here: a malformed bound makes
     * {@link StreamReader#stream(ReadRange, Class)} throw {@link IllegalArgumentException}.
     *
     * @param toId the high bound: {@code +}, an id {@code <ms>-<seq>} or {@code <ms>}, or {@code (id} for an
     *             exclusive bound
     * @return a copy of this range with the new high bound
     * @throws NullPointerException if {@code toId} is null
     */
    public ReadRange to(String toId) {
        return new ReadRange(stream, fromId, Objects.requireNonNull(toId, "toId"), reversed, pageSize);
    }

    /**
     * Entries added from {@code from} to {@code to}, both inclusive, with millisecond precision (the ids
     * {@code <from ms>-0} to {@code <to ms>-<max seq>}); see {@link StreamReader#fromTime(Instant)}. Sets both
     * bounds; the direction and page size are kept.
     *
     * @param from the earliest time, the low bound
     * @param to   the latest time, the high bound
     * @return a copy of this range with both bounds set from the times
     * @throws IllegalArgumentException if a time is null or before the epoch
     */
    public ReadRange between(Instant from, Instant to) {
        return from(StreamReader.fromTime(from)).to(StreamReader.toTime(to));
    }

    /**
     * Switches the direction: newest first (XREVRANGE) instead of oldest first (XRANGE). The bounds stay as they are
     * ({@link #fromId()} low, {@link #toId()} high); called twice, the range is oldest first again.
     *
     * @return a copy of this range read in the other direction
     */
    public ReadRange reversed() {
        return new ReadRange(stream, fromId, toId, !reversed, pageSize);
    }

    /**
     * How many entries one XRANGE (or XREVRANGE) call fetches, and so at most how many entries are held in memory
     * at once.
     *
     * @param pageSize entries per call, from 1 to 100000
     * @return a copy of this range with the new page size
     * @throws IllegalArgumentException unless {@code 1 <= pageSize <= 100000}
     */
    public ReadRange pageSize(int pageSize) {
        if (pageSize < 1 || pageSize > 100_000) {
            throw new IllegalArgumentException("pageSize must be between 1 and 100000, not " + pageSize);
        }
        return new ReadRange(stream, fromId, toId, reversed, pageSize);
    }

    /** {@return the key of the stream to read} */
    public String stream() {
        return stream;
    }

    /** {@return the low bound as given: {@code -} (the default), an id, or {@code (id}} */
    public String fromId() {
        return fromId;
    }

    /** {@return the high bound as given: {@code +} (the default), an id, or {@code (id}} */
    public String toId() {
        return toId;
    }

    /** {@return whether the range is read newest first, with XREVRANGE} */
    public boolean isReversed() {
        return reversed;
    }

    /** {@return how many entries one XRANGE or XREVRANGE call fetches} */
    public int pageSize() {
        return pageSize;
    }

    @Override
    public String toString() {
        return "ReadRange[" + stream + " " + fromId + " .. " + toId + (reversed ? " reversed" : "")
                + ", page " + pageSize + "]";
    }
}
