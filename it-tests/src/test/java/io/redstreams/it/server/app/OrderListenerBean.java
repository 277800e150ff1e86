package io.redstreams.it.server.app;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.it.app.Amounts;
import io.redstreams.it.app.Order;
import io.redstreams.it.app.Streams;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDrivenContext;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

/**
 * Scenario 2: a message-driven bean bound to the redstreams adapter, in a container-managed transaction
 * (REQUIRED, the default). The adapter is named for WildFly by {@code @ResourceAdapter} (the annotation is
 * ignored where its class is absent) and for Payara by the activation property {@code resourceAdapter}.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "stream", propertyValue = Streams.MDB),
        @ActivationConfigProperty(propertyName = "group", propertyValue = Streams.MDB_GROUP),
        @ActivationConfigProperty(propertyName = "maxDeliveries", propertyValue = Streams.MDB_MAX_DELIVERIES),
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "redstreams-resource-adapter")
})
@org.jboss.ejb3.annotation.ResourceAdapter("redstreams-resource-adapter.rar")
public class OrderListenerBean implements StreamListener<Order> {

    @Resource
    MessageDrivenContext context;

    @Inject
    MdbLog log;

    @Override
    public void onMessage(StreamMessage<Order> message) {
        Order order = message.payload();
        int attempt = log.attempt(order.id());
        if (order.amount() == Amounts.ALWAYS_FAIL) {
            throw new IllegalStateException("refused order " + order.id() + " (delivery " + attempt + ")");
        }
        if (order.amount() == Amounts.ROLLBACK) {
            context.setRollbackOnly(); // no exception: the transaction outcome alone must prevent the ack
            return;
        }
        if (order.amount() == Amounts.FAIL_ONCE && attempt == 1) {
            throw new IllegalStateException("first delivery of order " + order.id() + " fails");
        }
        log.done(order.id());
    }
}
