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
     */
    public static TailOptions fromNow() {
        return new TailOptions("$", DEFAULT_COUNT, DEFAULT_BLOCK);
    }

    /**
     * Entries whose id is greater than {@code id} (as XREAD has it: {@code id} itself is not returned), then
     * everything new. {@code 0} or {@code 0-0} is the whole stream.
     */
    public static TailOptions after(String id) {
        return new TailOptions(Objects.requireNonNull(id, "id"), DEFAULT_COUNT, DEFAULT_BLOCK);
    }

    /** The whole stream, then everything new: {@code after("0-0")}. */
    public static TailOptions fromStart() {
        return after("0-0");
    }

    /**
     * At most how many entries one XREAD returns (and the tail holds in memory).
     *
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
     * @throws IllegalArgumentException unless between 1 ms and 30 s
     */
    public TailOptions block(Duration block) {
        if (block == null || block.toMillis() < 1 || block.compareTo(MAX_BLOCK) > 0) {
            throw new IllegalArgumentException("block must be between 1 ms and 30 s, not " + block);
        }
        return new TailOptions(afterId, count, block);
    }

    /** {@code $} for {@link #fromNow()}, else the id after which the tail starts. */
    public String afterId() {
        return afterId;
    }

    public int count() {
        return count;
    }

    public Duration block() {
        return block;
    }

    @Override
    public String toString() {
        return "TailOptions[after " + afterId + ", count " + count + ", block " + block.toMillis() + " ms]";
    }
}
