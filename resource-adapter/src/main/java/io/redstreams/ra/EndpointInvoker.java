package io.redstreams.ra;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.impl.consumer.MessageInvoker;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Delivers one message to a message-driven bean: {@code createEndpoint},
 * {@code beforeDelivery}, {@link StreamListener#onMessage}, {@code afterDelivery},
 * {@code release}. It returns normally only when all of that did and the container transaction
 * (if any) committed; the engine acknowledges the entry only then. Anything else is thrown, and
 * the engine delivers the entry again after a backoff, or dead-letters it past
 * {@code maxDeliveries}.
 *
 * <p>An endpoint is created per message and released after it: endpoints must not be shared
 * between threads, and the container pools the bean instances behind them anyway.
 */
final class EndpointInvoker implements MessageInvoker {

    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = StreamListener.class.getMethod("onMessage", StreamMessage.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MessageEndpointFactory factory;
    private final TransactionSynchronizationRegistry transactions;

    /**
     * @param transactions the server's registry, to learn whether a delivery committed; may be {@code null}
     */
    EndpointInvoker(MessageEndpointFactory factory, TransactionSynchronizationRegistry transactions) {
        this.factory = factory;
        this.transactions = transactions;
    }

    @Override
    public CompletionStage<?> invoke(Object argument) throws Exception {
        MessageEndpoint endpoint = factory.createEndpoint(null);
        try {
            deliver(endpoint, message(argument));
            return null;
        } finally {
            endpoint.release();
        }
    }

    private void deliver(MessageEndpoint endpoint, StreamMessage<Object> message) throws Exception {
        // If beforeDelivery fails there is nothing to end: the container did not start the delivery.
        endpoint.beforeDelivery(ON_MESSAGE);
        TransactionOutcome outcome = TransactionOutcome.watch(transactions);
        Throwable failure = null;
        try {
            listener(endpoint).onMessage(message);
        } catch (Throwable t) {
            // Errors too: afterDelivery must still run, or the container's transaction stays open.
            failure = t;
        }
        try {
            endpoint.afterDelivery();
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            } else {
                failure.addSuppressed(t);
            }
        }
        if (failure != null) {
            throw rethrowable(failure);
        }
        outcome.requireCommitted();
    }

    /** The engine decodes to {@code StreamMessage<T>} with the T this endpoint's listener declares. */
    @SuppressWarnings("unchecked")
    private static StreamMessage<Object> message(Object argument) {
        return (StreamMessage<Object>) argument;
    }

    @SuppressWarnings("unchecked")
    private static StreamListener<Object> listener(MessageEndpoint endpoint) {
        // The container's endpoint proxy implements the listener interface named by @Activation.
        return (StreamListener<Object>) endpoint;
    }

    private static Exception rethrowable(Throwable failure) {
        if (failure instanceof Exception e) {
            return e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new Exception(failure);
    }

    @Override
    public String toString() {
        return "EndpointInvoker[" + factory.getActivationName() + "]";
    }
}
