package io.redstreams.impl.redis;

import java.util.Collections;
import java.util.List;

import io.redstreams.RedStreamsException;

/**
 * Some commands of a pipeline failed and the others succeeded: each command has its own outcome.
 * {@link #results()} has the reply of each succeeded command ({@code null} for the failed ones),
 * {@link #failures()} the failure of each failed one ({@code null} for the succeeded ones): a
 * {@link RedisCommandException} when Redis refused it, a {@link RedisConnectionException} with
 * {@link RedisConnectionException#notProcessed()} when the server could not serve it (then the
 * connection is discarded).
 */
public class RedisPipelineException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> results;
    private final transient List<RedStreamsException> failures;

    public RedisPipelineException(String message, List<String> results, List<RedStreamsException> failures) {
        super(message, firstFailure(failures));
        this.results = Collections.unmodifiableList(results);
        this.failures = Collections.unmodifiableList(failures);
    }

    /** One slot per command: its reply, or {@code null} if it failed. */
    public List<String> results() {
        return results;
    }

    /** One slot per command: its failure, or {@code null} if it succeeded. */
    public List<RedStreamsException> failures() {
        return failures;
    }

    private static Throwable firstFailure(List<RedStreamsException> failures) {
        for (RedStreamsException f : failures) {
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
