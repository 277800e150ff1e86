package io.redstreams.ra;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.impl.consumer.DeliveryRefusedException;
import io.redstreams.impl.consumer.MessageInvoker;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Delivers one message to a message-driven bean: {@code createEndpoint},
 * {@code beforeDelivery}, {@link StreamListener#onMessage}, {@code afterDelivery},
 * {@code release}. It returns normally only when all of that did and the container transaction
 * (if any) committed; the engine acknowledges the entry only then. A failure of the bean or of its
 * transaction is thrown, and the engine delivers the entry again after a backoff, or dead-letters
 * it past {@code maxDeliveries}.
 *
 * <p>A refusal by the container before the bean runs ({@code createEndpoint} or
 * {@code beforeDelivery} throws, the transaction cannot be used, the bean pool had no instance:
 * {@link BeanPoolRefusal}) is not a failed delivery: it is
 * thrown as {@link DeliveryRefusedException}, the entry stays pending with its delivery count
 * unchanged, and {@link EndpointAvailability} backs off before asking the container again.
 *
 * <p>An endpoint is created per message and released after it: endpoints must not be shared
 * between threads, and the container pools the bean instances behind them anyway.
 */
final class EndpointInvoker implements MessageInvoker {

    private static final Logger LOG = Logger.getLogger(EndpointInvoker.class.getName());
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
    private final EndpointAvailability availability;

    /**
     * @param transactions the server's registry, to learn whether a delivery committed; may be {@code null}
     * @param availability whether the container takes deliveries now; told of every refusal and acceptance
     */
    EndpointInvoker(MessageEndpointFactory factory, TransactionSynchronizationRegistry transactions,
                    EndpointAvailability availability) {
        this.factory = factory;
        this.transactions = transactions;
        this.availability = availability;
    }

    /**
     * @throws DeliveryRefusedException the container refused before the bean ran: not a failed delivery
     * @throws Exception                the bean failed, or its transaction did not commit
     */
    @Override
    public CompletionStage<?> invoke(Object argument) throws Exception {
        availability.checkAvailable();
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (Exception e) {
            // UnavailableException (no bean instance now, the application is starting or stopping) or any other
            // refusal: the bean did not run.
            throw availability.refused("createEndpoint refused", e);
        }
        try {
            deliver(endpoint, message(argument));
            return null;
        } finally {
            release(endpoint);
        }
    }

    private void deliver(MessageEndpoint endpoint, StreamMessage<Object> message) throws Exception {
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
        } catch (Exception e) {
            // The container did not start the delivery (no instance, a transaction that cannot begin): nothing to end.
            throw availability.refused("beforeDelivery refused", e);
        }
        TransactionOutcome outcome = TransactionOutcome.watch(transactions);
        if (outcome.unusable()) {
            // The transaction can only roll back: the bean would work in vain. End the delivery without calling it.
            throw endRefused(endpoint, "the delivery's transaction cannot be used",
                    new IllegalStateException(outcome.reason()));
        }
        Throwable failure = null;
        try {
            listener(endpoint).onMessage(message);
        } catch (Throwable t) {
            // Errors too: afterDelivery must still run, or the container's transaction stays open.
            failure = t;
        }
        if (failure != null && BeanPoolRefusal.isRefusal(failure, factory.getEndpointClass())) {
            throw endRefused(endpoint, "no bean instance in the pool", failure);
        }
        availability.accepted(); // the bean ran
        Throwable ended = afterDelivery(endpoint);
        if (ended != null) {
            if (failure == null) {
                failure = ended;
            } else {
                failure.addSuppressed(ended);
            }
        }
        if (failure != null) {
            throw rethrowable(failure);
        }
        outcome.requireCommitted();
    }

    /** Ends a delivery the container refused after beforeDelivery, so that its transaction does not stay open. */
    private DeliveryRefusedException endRefused(MessageEndpoint endpoint, String what, Throwable cause) {
        Throwable ended = afterDelivery(endpoint);
        DeliveryRefusedException refusal = availability.refused(what, cause);
        if (ended != null) {
            refusal.addSuppressed(ended);
        }
        return refusal;
    }

    /** Calls afterDelivery; returns what it threw, or {@code null}. */
    private static Throwable afterDelivery(MessageEndpoint endpoint) {
        try {
            endpoint.afterDelivery();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * Gives the endpoint back. The delivery's fate is known by now (committed or not): a failure
     * here must not turn a committed delivery into a redelivery, so it is logged, not thrown.
     */
    private void release(MessageEndpoint endpoint) {
        try {
            endpoint.release();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "redstreams: " + factory.getActivationName() + ": the container failed to release "
                    + "a message endpoint after a delivery (" + e + "); the delivery's outcome stands", e);
        }
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
