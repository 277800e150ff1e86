package io.redstreams;

/**
 * A payload could not be mapped: to JSON when sending, or from an entry's fields to the consumer
 * method's parameter type when receiving (such entries go to the dead-letter stream with this
 * exception's message as the reason).
 */
public class PayloadMappingException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be mapped, and why; never contains payload secrets or credentials
     * @param cause   the JSON-B exception, or {@code null}
     */
    public PayloadMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
