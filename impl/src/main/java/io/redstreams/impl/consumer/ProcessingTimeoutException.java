package io.redstreams.impl.consumer;

/**
 * A delivery took longer than its consumer's processing timeout: the method was interrupted, or its
 * {@code CompletionStage} did not complete in time. It counts as a failed delivery.
 */
public final class ProcessingTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProcessingTimeoutException(String message) {
        super(message);
    }
}
