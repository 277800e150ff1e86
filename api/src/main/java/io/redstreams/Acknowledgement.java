package io.redstreams;

import java.time.Duration;

/**
 * Manual acknowledgement of one delivered entry. A {@code @StreamConsumer} method that declares a parameter of this
 * type (besides its payload) takes over acknowledgement: returning no longer acknowledges the entry; the entry's
 * fate is what the method, or any thread it hands this object to, calls here.
 *
 * <pre>{@code
 * void onOrder(@StreamConsumer(stream = "orders", group = "billing") Order order, Acknowledgement ack) {
 *     billingService.submit(order, ok -> { if (ok) ack.ack(); else ack.nack(Duration.ofSeconds(5)); });
 * }
 * }</pre>
 *
 * <p>Rules:
 * <ul>
 *   <li>The first call of {@link #ack()} or {@link #nack(Duration)} decides the entry's fate; later calls change
 *       nothing and return {@code false}.</li>
 *   <li>Neither called within the consumer's processing timeout (counted from the start of the method call): the
 *       delivery counts as failed (delivered again after the retry backoff, dead-lettered past
 *       {@code maxDeliveries}), and later calls return {@code false}.</li>
 *   <li>The method throws before deciding: the delivery failed, as for any consumer; later calls return
 *       {@code false}.</li>
 *   <li>The application stops while the entry waits for its decision: the entry stays pending in Redis and is
 *       delivered again on the next start; later calls return {@code false}.</li>
 * </ul>
 * Until it is decided, the entry holds one of the consumer's {@code concurrency} slots (as a method's
 * {@code CompletionStage} does): at most {@code concurrency} entries wait for their decision at once, and at
 * {@code concurrency = 1} the next entry is delivered only after this one is decided. The decision is carried out on the consumer's own threads: an
 * acknowledgement is sent with the consumer's next {@code XACK}; a negative acknowledgement re-delivers the entry
 * to the same consumer ({@code XCLAIM}) after the delay.
 *
 * <p>Thread-safe: every method may be called from any thread, at any time, any number of times; none blocks, none
 * talks to Redis, none throws.
 */
public interface Acknowledgement {

    /**
     * Acknowledges the entry: it leaves the group's pending list with the consumer's next {@code XACK}.
     *
     * @return {@code true} if this call decided the entry's fate; {@code false} if it was decided before (an earlier
     *         ack or nack, the processing timeout, a failure of the method, a shutdown)
     */
    boolean ack();

    /**
     * Asks for the entry to be delivered again at once, without an exception. Counts as a failed delivery: past
     * {@code maxDeliveries} deliveries the entry goes to the dead-letter stream with a reason saying it
     * was nacked.
     *
     * @return {@code true} if this call decided the entry's fate; {@code false} if it was decided before
     */
    boolean nack();

    /**
     * Asks for the entry to be delivered again after {@code delay}, without an exception; otherwise as
     * {@link #nack()}. The entry stays pending for this consumer meanwhile (a live consumer keeps it: its lease
     * goes on).
     *
     * @param delay how long to wait before the next delivery; {@code null} or negative means at once. Millisecond
     *              precision
     * @return {@code true} if this call decided the entry's fate; {@code false} if it was decided before
     */
    boolean nack(Duration delay);
}
