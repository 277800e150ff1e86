package io.redstreams;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link StreamTail} starts and how it reads: an immutable parameter object; each method returns a changed
 * copy. Thread-safe.
 *
 * <pre>{@code
 * TailOptions.fromNow()                   // entries added after the tail was opened
 * TailOptions.after("1700000000000-3")    // entries with a greater id, then everything new
 * TailOptions.fromStart().count(500)      // the whole stream, then everything new
 * }</pre>
 */
public final class TailOptions {

    /** Entries per XREAD by default. */
    public static final int DEFAULT_COUNT = 100;

    /** The longest one XREAD blocks by default: 1 s. */
    public static final Duration DEFAULT_BLOCK = Duration.ofSeconds(1);

    /** The longest block time allowed: 30 s (the tail's socket timeout is set above it). */
    public static final Duration MAX_BLOCK = Duration.ofSeconds(30);

    private final String afterId;
    private final int count;
    private final Duration block;

    private TailOptions(String afterId, int count, Duration block) {
        this.afterId = afterId;
        this.count = count;
        this.block = block;
    }

    /**
     * Entries added after the tail was opened. "Now" is fixed when {@link StreamReader#tail(String, TailOptions,
     * Class)} returns (the id of the stream's last entry then, read with {@code XREVRANGE + - COUNT 1}), so nothing
     * added later is missed, also across reconnects.
     *
     * @return options starting after the stream's last entry (the id {@code $} until the tail resolves it), with
     *         {@value #DEFAULT_COUNT} entries per XREAD and a block time of 1 s
     */
    public static TailOptions fromNow() {
        return new TailOptions("$", DEFAULT_COUNT, DEFAULT_BLOCK);
    }

    /**
     * Entries whose id is greater than {@code id} (as XREAD has it: {@code id} itself is not returned), then
     * everything new. {@code 0} or {@code 0-0} is the whole stream. The id is checked by
     * {@link StreamReader#tail(String, TailOptions, Class)}, which throws {@link IllegalArgumentException} unless it
     * is {@code <ms>} or {@code <ms>-<seq>}.
     *
     * @param id the id after which the tail starts, for example {@link StreamTail#lastId()} of an earlier tail
     * @return options starting after {@code id}, with {@value #DEFAULT_COUNT} entries per XREAD and a block time of
     *         1 s
     * @throws NullPointerException if {@code id} is null
     */
    public static TailOptions after(String id) {
        return new TailOptions(Objects.requireNonNull(id, "id"), DEFAULT_COUNT, DEFAULT_BLOCK);
    }

    /**
     * The whole stream, then everything new: {@code after("0-0")}.
     *
     * @return options starting before the first entry, with the default count and block time
     */
    public static TailOptions fromStart() {
        return after("0-0");
    }

    /**
     * At most how many entries one XREAD returns (and the tail holds in memory).
     *
     * @param count entries per XREAD, from 1 to 100000
     * @return a copy of these options with the new count
     * @throws IllegalArgumentException unless {@code 1 <= count <= 100000}
     */
    public TailOptions count(int count) {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("count must be between 1 and 100000, not " + count);
        }
        return new TailOptions(afterId, count, block);
    }

    /**
     * The longest one XREAD blocks on the server (it is repeated while nothing arrives). {@link StreamTail#close()}
     * ends a blocked read at once with {@code CLIENT UNBLOCK}; when that command is not allowed (ACL) the read ends
     * by itself after this time, so it bounds how long a close can take to be noticed.
     *
     * @param block the XREAD {@code BLOCK} time, used in whole milliseconds (finer parts are dropped)
     * @return a copy of these options with the new block time
     * @throws IllegalArgumentException if {@code block} is null or not between 1 ms and {@link #MAX_BLOCK} (30 s)
     */
    public TailOptions block(Duration block) {
        if (block == null || block.toMillis() < 1 || block.compareTo(MAX_BLOCK) > 0) {
            throw new IllegalArgumentException("block must be between 1 ms and 30 s, not " + block);
        }
        return new TailOptions(afterId, count, block);
    }

    /** {@return {@code $} for {@link #fromNow()}, else the id after which the tail starts} */
    public String afterId() {
        return afterId;
    }

    /** {@return at most how many entries one XREAD returns; {@value #DEFAULT_COUNT} unless set} */
    public int count() {
        return count;
    }

    /** {@return the longest one XREAD blocks on the server; {@link #DEFAULT_BLOCK} (1 s) unless set} */
    public Duration block() {
        return block;
    }

    @Override
    public String toString() {
        return "TailOptions[after " + afterId + ", count " + count + ", block " + block.toMillis() + " ms]";
    }
}
