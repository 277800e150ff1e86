package io.redstreams;

/**
 * The message listener interface of the redstreams resource adapter: a message-driven bean that
 * implements it consumes a Redis stream in a consumer group, the way a {@code @StreamConsumer}
 * method does in CDI.
 *
 * <pre>{@code
 * @MessageDriven(activationConfig = {
 *     @ActivationConfigProperty(propertyName = "stream", propertyValue = "orders"),
 *     @ActivationConfigProperty(propertyName = "group", propertyValue = "billing"),
 *     @ActivationConfigProperty(propertyName = "maxDeliveries", propertyValue = "5")
 * })
 * public class BillingBean implements StreamListener<Order> {
 *     public void onMessage(StreamMessage<Order> message) {
 *         invoices.create(message.payload());   // returns normally: acknowledged after the commit
 *     }                                         // throws or rolls back: delivered again later
 * }
 * }</pre>
 *
 * <h2>Payload type</h2>
 * The type argument of {@code StreamListener} that the bean class declares (directly or through
 * a superclass) is the payload type, with the same choices as for {@code @StreamConsumer}: a
 * POJO or record (JSON, mapped with JSON-B), {@code String}, {@code byte[]} or
 * {@code Map<String, String>} (all fields of the entry). A bean that implements the raw
 * interface names the type with the activation property {@code payloadType} instead (a class
 * name, {@code byte[]}, or {@code java.util.Map}); if both are given they must agree.
 *
 * <h2>Activation properties</h2>
 * They mirror {@link StreamConsumer}: {@code stream} and {@code group} (required),
 * {@code consumer}, {@code concurrency}, {@code batchSize}, {@code maxDeliveries},
 * {@code deadLetterStream}, {@code startFrom}, {@code types} (comma separated) and
 * {@code payloadType}. All bad values are reported together when the endpoint is activated.
 *
 * <h2>Delivery</h2>
 * Each message is delivered between the container's {@code beforeDelivery} and
 * {@code afterDelivery}, so it runs in the bean's container-managed transaction when it has one.
 * The entry is acknowledged only after {@code afterDelivery} returned normally and that
 * transaction committed. An exception from this method, a failing {@code afterDelivery} or a
 * rolled-back transaction means the entry is delivered again after a backoff; past
 * {@code maxDeliveries} it is moved to the dead-letter stream. Delivery is at least once, so
 * the method should be idempotent. Calls run on threads of the resource adapter's
 * {@code WorkManager}, up to {@code concurrency} at a time.
 *
 * @param <T> the payload type
 */
public interface StreamListener<T> {

    /**
     * Handles one entry. Returning normally lets the entry be acknowledged (once the container
     * transaction, if any, commits); throwing means it is delivered again later.
     *
     * @param message the entry with its mapped payload, id, type, headers and delivery count
     */
    void onMessage(StreamMessage<T> message);
}
