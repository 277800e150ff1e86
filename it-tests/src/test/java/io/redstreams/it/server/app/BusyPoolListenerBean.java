package io.redstreams.it.server.app;

import java.util.concurrent.TimeUnit;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.it.app.Order;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

/**
 * A message-driven bean with one instance (WildFly strict pool {@value #POOL}, 1 instance, 200 ms timeout, created
 * by the build's configure.cli) and slow deliveries (300 ms), read by 4 concurrent deliveries: three of them wait
 * for the instance and time out in the container, before the bean sees the message. No such refusal may use up
 * {@code maxDeliveries}.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "stream", propertyValue = BusyPoolListenerBean.STREAM),
        @ActivationConfigProperty(propertyName = "group", propertyValue = BusyPoolListenerBean.GROUP),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "4"),
        @ActivationConfigProperty(propertyName = "maxDeliveries", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "unavailableInitialBackoffMs", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "unavailableMaxBackoffMs", propertyValue = "1000"),
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "redstreams-resource-adapter")
})
@org.jboss.ejb3.annotation.ResourceAdapter("redstreams-resource-adapter.rar")
@org.jboss.ejb3.annotation.Pool(BusyPoolListenerBean.POOL)
public class BusyPoolListenerBean implements StreamListener<Order> {

    public static final String STREAM = "it-busy";
    public static final String GROUP = "it-busy-group";
    public static final String POOL = "redstreams-it-one-instance";
    static final long WORK_MS = 300;

    @Inject
    BusyLog log;

    @Override
    public void onMessage(StreamMessage<Order> message) {
        log.seen(message.payload().id(), message.deliveryCount());
        try {
            TimeUnit.MILLISECONDS.sleep(WORK_MS); // slow work, holding the only instance
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
