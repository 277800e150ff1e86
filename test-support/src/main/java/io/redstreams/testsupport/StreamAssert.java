package io.redstreams.testsupport;

import java.time.Duration;
import java.util.Objects;

/**
 * Assertions on one stream, with waiting built in; see {@link RedisAssert}. Commands used: XLEN and XRANGE.
 */
public final class StreamAssert {

    private final RedisView view;
    private final String stream;
    private final Duration timeout;

    StreamAssert(RedisView view, String stream, Duration timeout) {
        this.view = view;
        this.stream = stream;
        this.timeout = timeout;
    }

    /**
     * Waits until the stream holds exactly {@code length} entries (XLEN; a missing stream has 0).
     *
     * @param length the expected number of entries
     * @return this
     */
    public StreamAssert hasLength(long length) {
        Waiting.until(timeout, () -> view.length(stream) == length,
                () -> "Expected stream '" + stream + "' to hold " + length + " entries, but " + view.describeStream(
                        stream));
        return this;
    }

    /**
     * Waits until the stream is empty or missing.
     *
     * @return this
     */
    public StreamAssert isEmpty() {
        return hasLength(0);
    }

    /**
     * Waits until the stream, a dead-letter stream, holds an entry whose {@code error} field (the exception class
     * and message that made redstreams give up on it) contains {@code reason}. Reads the first
     * {@value #SCANNED} entries.
     *
     * @param reason a part of the reason, e.g. an exception class name or a message
     * @return this
     */
    public StreamAssert hasDeadLetterWithReason(String reason) {
        Objects.requireNonNull(reason, "reason");
        Waiting.until(timeout, () -> view.entries(stream, SCANNED).stream()
                        .anyMatch(e -> String.valueOf(e.getFields().get("error")).contains(reason)),
                () -> "Expected dead-letter stream '" + stream + "' to hold an entry whose error contains '" + reason
                        + "', but " + view.describeStream(stream));
        return this;
    }

    /** How many entries {@link #hasDeadLetterWithReason(String)} looks at. */
    static final int SCANNED = 1000;
}
