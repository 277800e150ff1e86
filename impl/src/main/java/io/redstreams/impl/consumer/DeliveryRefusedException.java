package io.redstreams.impl.consumer;

/**
 * Thrown by a {@link MessageInvoker} when its host refused to run the application for a message
 * before the application saw it: in an application server, the container had no endpoint for
 * the message-driven bean, {@code beforeDelivery} failed, or the delivery's transaction could not
 * be used. Such a delivery is not a failed one: the engine leaves the entry pending with its
 * delivery count unchanged (in Redis too), does not count it towards {@code maxDeliveries},
 * reads no new entries until {@link #retryAtMillis()}, and then offers the entry again, before
 * new ones.
 */
public final class DeliveryRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long retryAtMillis;

    /**
     * @param message       what refused, for the logs
     * @param retryAtMillis when to offer refused entries again, as {@link System#currentTimeMillis()}
     * @param cause         the host's exception, or {@code null}
     */
    public DeliveryRefusedException(String message, long retryAtMillis, Throwable cause) {
        super(message, cause);
        this.retryAtMillis = retryAtMillis;
    }

    /** When to offer the entry again (epoch milliseconds); every entry refused in one outage gets the same time. */
    public long retryAtMillis() {
        return retryAtMillis;
    }
}
