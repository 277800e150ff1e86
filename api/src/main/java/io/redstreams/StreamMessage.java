package io.redstreams;

import java.util.Map;

/**
 * One stream entry as delivered to a consumer: the mapped payload with the entry's metadata.
 *
 * @param <T> the payload type: a POJO or record, {@code String}, {@code byte[]} or
 *            {@code Map<String, String>}
 */
public interface StreamMessage<T> {

    /** {@return the entry id, for example {@code 1700000000000-0}} */
    String id();

    /** {@return the stream the entry was read from} */
    String stream();

    /** {@return the entry's {@code type} field, or {@code null} when it has none} */
    String type();

    /** {@return the payload mapped to {@code T}} */
    T payload();

    /** {@return the entry's fields other than {@code payload} and {@code type}; never {@code null}, unmodifiable} */
    Map<String, String> headers();

    /**
     * {@return how many times this entry has been delivered to the group's application code, this delivery
     * included (1 the first time)} Deliveries an application server refused before the bean ran (no bean
     * instance, {@code beforeDelivery} failed) are not counted.
     */
    long deliveryCount();
}
