package io.redstreams.examples.server;

import java.util.logging.Logger;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/**
 * A message-driven bean on the redstreams adapter: each delivery runs in a container transaction and the entry is
 * acknowledged after it committed. Payara finds the adapter by the activation property {@code resourceAdapter};
 * WildFly by its default MDB adapter ({@code -Dejb.resource-adapter-name=redstreams-resource-adapter.rar} with
 * {@code standalone-full.xml}).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "redstreams-resource-adapter"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = OrderService.STREAM),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "shipping"),
        @ActivationConfigProperty(propertyName = "maxDeliveries", propertyValue = "3")})
public class Shipping implements StreamListener<Order> {

    private static final Logger LOG = Logger.getLogger(Shipping.class.getName());

    @Override
    public void onMessage(StreamMessage<Order> message) {
        LOG.fine(() -> "shipping order " + message.payload().id() + " (entry " + message.id() + ")");
    }
}
