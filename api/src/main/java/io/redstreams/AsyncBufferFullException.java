package io.redstreams;

/**
 * An asynchronous send was refused because {@code redstreams.producer.async-max-pending} sends were already waiting
 * for Redis, and the buffer policy ({@code redstreams.producer.async-buffer.policy}) is {@code fail} or a
 * {@code wait} that ran out. The entry was not queued and certainly not added. The stage of that send completes
 * with this exception (on the thread {@code redstreams-async-completer}, never on the caller's).
 */
public class AsyncBufferFullException extends StreamSendException {

    private static final long serialVersionUID = 1L;

    /** The most asynchronous sends that may wait for Redis. */
    private final int capacity;

    /**
     * @param message  what was refused and why
     * @param capacity the buffer's capacity (the most sends that may wait for Redis)
     */
    public AsyncBufferFullException(String message, int capacity) {
        super(message, null);
        this.capacity = capacity;
    }

    /**
     * The buffer's capacity, {@code redstreams.producer.async-max-pending}.
     *
     * @return the most asynchronous sends that may wait for Redis at once
     */
    public int capacity() {
        return capacity;
    }
}
