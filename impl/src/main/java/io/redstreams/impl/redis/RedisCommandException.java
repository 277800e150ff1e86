package io.redstreams.impl.redis;

import io.redstreams.RedStreamsException;

/**
 * Redis answered a command with an error (for example {@code NOGROUP}, {@code NOPERM},
 * {@code WRONGPASS}). The connection itself is fine.
 */
public class RedisCommandException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    public RedisCommandException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The stream or its consumer group does not exist (any more). */
    public boolean isNoGroup() {
        return getMessage() != null && getMessage().contains("NOGROUP");
    }

    /** A blocking read ended because its stream was deleted (Redis 7: {@code UNBLOCKED ... no longer exists}). */
    public boolean isStreamDeleted() {
        return getMessage() != null && getMessage().contains("no longer exists");
    }

    /** Authentication or authorization failed. */
    public boolean isAccessDenied() {
        String m = getMessage();
        return m != null && (m.contains("WRONGPASS") || m.contains("NOPERM") || m.contains("NOAUTH"));
    }
}
