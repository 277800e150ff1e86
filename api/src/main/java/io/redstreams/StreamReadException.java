package io.redstreams;

/**
 * A read with the {@link StreamReader} failed: Redis could not be reached (after the reader's own quick
 * attempts), or it refused the command (for example {@code WRONGTYPE} when the key is not a stream, or
 * {@code NOPERM} when the user may not read it). Reads change nothing in Redis, so trying again is always safe.
 */
public class StreamReadException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed: the command, the stream and Redis's answer or the connection error
     * @param cause   the underlying exception, or {@code null}
     */
    public StreamReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
