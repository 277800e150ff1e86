package io.redstreams;

/**
 * A send could not be completed: Redis was not reachable, the connection broke before the answer
 * arrived (the entry may or may not have been added), or Redis refused the command.
 */
public class StreamSendException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed: the stream and the Redis URL without credentials
     * @param cause   the underlying connection or command failure
     */
    public StreamSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
