package io.redstreams;

/**
 * The base of the exceptions redstreams throws. Messages never contain passwords or URLs with
 * credentials.
 */
public class RedStreamsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never contains credentials */
    public RedStreamsException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never contains credentials
     * @param cause   the underlying failure
     */
    public RedStreamsException(String message, Throwable cause) {
        super(message, cause);
    }
}
