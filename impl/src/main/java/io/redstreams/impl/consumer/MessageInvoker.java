package io.redstreams.impl.consumer;

import java.util.concurrent.CompletionStage;

import io.redstreams.Acknowledgement;

/**
 * Calls the application for one message. The CDI layer calls the bean method (interceptors
 * apply, a request context is active); the resource adapter calls a message endpoint between
 * {@code beforeDelivery} and {@code afterDelivery}. The engine acknowledges the entry only after
 * this returned normally (and the returned stage, if any, completed normally).
 */
@FunctionalInterface
public interface MessageInvoker {

    /**
     * @param argument the decoded payload, or a {@code StreamMessage} around it
     * @return {@code null} when the work is done, or a stage that completes when it is
     * @throws DeliveryRefusedException the host refused to run the application for it (in a server: the
     *                                   container had no endpoint); not a failed delivery: the entry keeps its
     *                                   delivery count and is offered again at the exception's time
     * @throws Exception                 any failure: the entry is delivered again later, or dead-lettered
     */
    CompletionStage<?> invoke(Object argument) throws Exception;

    /**
     * Calls a method that takes over acknowledgement ({@link ConsumerSpec#manualAck()}): the entry's fate is what is
     * called on {@code acknowledgement}; a stage the method returns is not waited for. Only invokers of specs with
     * manual acknowledgement need to implement it.
     *
     * @param argument        the decoded payload, or a {@code StreamMessage} around it
     * @param acknowledgement the entry's acknowledgement, for the method's {@code Acknowledgement} parameter
     * @return what the method returned; ignored
     * @throws Exception any failure: the delivery failed, unless the acknowledgement was decided before
     */
    default CompletionStage<?> invoke(Object argument, Acknowledgement acknowledgement) throws Exception {
        throw new UnsupportedOperationException("this invoker does not support manual acknowledgement");
    }
}
