package io.redstreams.impl.consumer;

import java.util.concurrent.CompletionStage;

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
}
