package io.redstreams.ra;

import java.lang.reflect.Type;
import java.util.List;
import java.util.logging.Logger;

import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * One activated message-driven bean: the engine's {@link Consumers} for its one consumer spec,
 * whose invoker delivers to the bean's endpoints. Starting is all-or-nothing (the engine's
 * start is); stopping drains within the shutdown timeout and closes the activation's
 * connections.
 */
final class EndpointActivation {

    private static final Logger LOG = Logger.getLogger(EndpointActivation.class.getName());

    private final String name;
    private final String consumerKey;
    private final Consumers consumers;
    private final RunningAdapter adapter;

    private EndpointActivation(String name, String consumerKey, Consumers consumers, RunningAdapter adapter) {
        this.name = name;
        this.consumerKey = consumerKey;
        this.consumers = consumers;
        this.adapter = adapter;
    }

    /**
     * Validates, builds the consumer spec and starts the consumer.
     *
     * @throws ResourceException an {@code InvalidPropertyException} for bad activation properties, naming all
     *                           of them; a plain one when the consumer could not start
     */
    static EndpointActivation start(MessageEndpointFactory factory, RedStreamsActivationSpec spec,
                                    RunningAdapter adapter) throws ResourceException {
        spec.validate();
        Class<?> endpointClass = factory.getEndpointClass();
        String name = endpointClass != null ? endpointClass.getName() : factory.getActivationName();
        Type messageType;
        try {
            messageType = ListenerPayloadType.messageTypeOf(endpointClass, spec.getPayloadType(),
                    endpointClass != null ? endpointClass.getClassLoader() : adapter.contextClassLoader());
        } catch (IllegalArgumentException e) {
            throw RedStreamsActivationSpec.invalid(name + ": " + e.getMessage(), "payloadType");
        }
        EndpointAvailability availability = new EndpointAvailability(name, spec.unavailableInitialBackoff(),
                spec.unavailableMaxBackoff(), adapter.availabilityListener());
        ConsumerSpec consumer = spec.toConsumerSpec(name, messageType,
                new EndpointInvoker(factory, adapter.transactionRegistry(), availability));
        String consumerKey;
        try {
            consumerKey = adapter.reserveConsumer(consumer);
        } catch (IllegalArgumentException e) {
            throw RedStreamsActivationSpec.invalid(e.getMessage(), "consumer");
        }
        try {
            Consumers consumers = newConsumers(adapter, consumer, endpointClass);
            start(name, consumers, adapter);
            LOG.info(() -> "redstreams: activated " + consumer + " on " + adapter.description());
            return new EndpointActivation(name, consumerKey, consumers, adapter);
        } catch (ResourceException e) {
            adapter.releaseConsumer(consumerKey);
            throw e;
        }
    }

    /** The engine's start is all-or-nothing: when it throws, nothing of this activation runs. */
    private static void start(String name, Consumers consumers, RunningAdapter adapter) throws ResourceException {
        try {
            adapter.startConsumers(consumers);
        } catch (RuntimeException e) {
            adapter.stopConsumers(consumers); // already stopped by the failed start: the engine forgets them
            throw new ResourceException(name + ": the stream consumer could not start: " + e.getMessage(), e);
        }
    }

    private static Consumers newConsumers(RunningAdapter adapter, ConsumerSpec consumer, Class<?> endpointClass)
            throws ResourceException {
        try {
            return adapter.newConsumers(List.of(consumer), endpointClass);
        } catch (IllegalArgumentException e) {
            // What validate() cannot know: the payload type itself is unsupported, e.g. StreamListener<Object>.
            throw RedStreamsActivationSpec.invalid(e.getMessage(), "payloadType");
        }
    }

    /** Stops reading, lets deliveries in progress finish within the shutdown timeout, closes connections. */
    void stop() {
        adapter.stopConsumers(consumers);
        LOG.info(() -> "redstreams: deactivated " + name);
    }

    /** The stream/group/consumer this activation reads as. */
    String consumerKey() {
        return consumerKey;
    }

    String name() {
        return name;
    }
}
