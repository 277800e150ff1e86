package io.redstreams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the payload parameter of a bean method that consumes a Redis stream in a consumer group,
 * the way {@code @Observes} marks the event parameter of an observer method.
 *
 * <pre>{@code
 * void onOrder(@StreamConsumer(stream = "orders", group = "billing") Order order, Invoices invoices) {
 *     invoices.create(order);   // returns normally: the entry is acknowledged (XACK)
 * }                             // throws: the entry is delivered again after a backoff
 * }</pre>
 *
 * <p>The annotated parameter may be a POJO or record (mapped from the entry's {@code payload}
 * field with JSON-B), {@code String}, {@code byte[]}, {@code Map<String, String>} (all fields of
 * the entry, as they are) or {@link StreamMessage}{@code <T>} with one of those as {@code T}.
 * Every other parameter of the method is injected, as for an observer method. The method returns
 * {@code void} or a {@link java.util.concurrent.CompletionStage}; in the second case the entry is
 * acknowledged when the stage completes normally.
 *
 * <p>A parameter of type {@code List<T>} or {@code List<StreamMessage<T>>} makes a batch consumer: the method gets
 * up to {@link #batchSize()} entries a call (see {@link BatchFailedException} for failing some of them). A method
 * that also declares an {@link Acknowledgement} parameter (passed, not injected) acknowledges by itself. Several
 * methods may share one stream and group when each handles its own {@link #types()} (or its payload class's
 * {@link StreamType}): one reader hands each entry to the method of its {@code type} (a command bus).
 *
 * <p>Delivery is at least once: the entry is acknowledged only after the method succeeded. A
 * method that keeps failing gets the entry at most {@link #maxDeliveries()} times; after that the
 * entry is moved to the {@link #deadLetterStream() dead-letter stream}. An entry whose payload
 * cannot be mapped to the parameter type goes to the dead-letter stream at once.
 *
 * <p>Mistakes in a declaration (a missing stream, two annotated parameters, an unsupported
 * type, ...) fail the deployment with a message naming the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface StreamConsumer {

    /** {@return the stream key to read} Required. */
    String stream();

    /** {@return the consumer group} Created (with the stream, if missing) when the consumer starts. Required. */
    String group();

    /**
     * The consumer name inside the group. The default is the value of
     * {@code redstreams.consumer.name}, or else a name that is stable for this JVM instance and
     * unique in the group ({@code <host>-<pid>}). Give a fixed name when a restarted instance
     * should take over the pending entries of its predecessor at once rather than after
     * {@code redstreams.consumer.reclaim-min-idle-ms}.
     *
     * @return the consumer name, or empty for the default
     */
    String consumer() default "";

    /** {@return how many entries this method processes at the same time} At least 1. */
    int concurrency() default 1;

    /**
     * {@return how many entries one read (XREADGROUP COUNT) fetches at most} At least 1. For a batch consumer (a
     * {@code List<T>} or {@code List<StreamMessage<T>>} parameter) also the most entries of one call.
     */
    int batchSize() default 10;

    /**
     * For a batch consumer (a {@code List<T>} or {@code List<StreamMessage<T>>} parameter): how long to wait, in
     * milliseconds, after the first entry of a batch for up to {@link #batchSize()} entries before the method is
     * called with what there is. {@code 0}: call at once with what was read. Ignored for other consumers.
     *
     * @return the longest wait to fill a batch, in milliseconds
     */
    long batchWaitMs() default 100;

    /**
     * How many failed deliveries an entry gets before it is moved to the dead-letter stream;
     * {@code 0} means never: the entry is retried for ever.
     *
     * @return the most deliveries of one entry, or {@code 0} for no limit
     */
    int maxDeliveries() default 5;

    /** {@return the dead-letter stream; empty means {@code <stream>:dlq}} */
    String deadLetterStream() default "";

    /**
     * Where a newly created group starts: {@code "$"} (entries added after the group was created)
     * or {@code "0"} (the whole stream), or any entry id. Ignored when the group exists.
     *
     * @return {@code "$"}, {@code "0"} or an entry id
     */
    String startFrom() default "$";

    /**
     * The values of the entry's {@code type} field this method accepts; empty means every entry.
     * Entries of other types are acknowledged and skipped.
     *
     * @return the accepted types, or none for all
     */
    String[] types() default {};

    /**
     * How long one delivery may take, in milliseconds: the method, and the {@code CompletionStage} it returns, if
     * any. Past it the delivery counts as failed (retried with backoff, then dead-lettered with the reason
     * {@code processing timeout after ... ms}): a method still running is interrupted once; a stage is no longer
     * waited for (it is not cancelled). A method that ignores the interrupt keeps its thread and its concurrency
     * slot until it returns. {@code 0}, the default, means the value of
     * {@code redstreams.consumer.processing-timeout-ms} (5 minutes unless configured).
     *
     * @return the processing timeout in milliseconds, or 0 for the configured one
     */
    long processingTimeoutMs() default 0;
}
