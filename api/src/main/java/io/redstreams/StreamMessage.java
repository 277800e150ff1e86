package io.redstreams;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One stream entry as delivered to a consumer or read with a {@link StreamReader}: the mapped payload with the
 * entry's metadata.
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

    /**
     * {@return the payload mapped to {@code T}}
     *
     * @throws PayloadMappingException only for an entry read with a {@link StreamReader} whose payload could not
     *                                 be mapped (see {@link #mappingFailure()}); a consumer never receives such an
     *                                 entry (it goes to the dead-letter stream)
     */
    T payload();

    /** {@return the entry's fields other than {@code payload} and {@code type}; never {@code null}, unmodifiable} */
    Map<String, String> headers();

    /**
     * {@return how many times this entry has been delivered to the group's application code, this delivery
     * included (1 the first time)} Deliveries an application server refused before the bean ran (no bean
     * instance, {@code beforeDelivery} failed) are not counted. 0 for an entry read with a
     * {@link StreamReader}, which reads outside any consumer group.
     */
    long deliveryCount();

    /**
     * {@return when the entry was added: the milliseconds part of its {@link #id()} (before the dash) as an instant}
     * Derived from the id, nothing else: Redis sets it from its own clock for ids it generates ({@code XADD *}), and
     * it is whatever the writer chose for explicit ids. Millisecond precision.
     *
     * @throws IllegalStateException if the id is not of the form {@code <ms>-<seq>}
     */
    default Instant timestamp() {
        String id = id();
        int dash = id == null ? -1 : id.indexOf('-');
        if (dash <= 0) {
            throw new IllegalStateException("not a stream entry id: " + id);
        }
        try {
            return Instant.ofEpochMilli(Long.parseUnsignedLong(id, 0, dash, 10));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a stream entry id: " + id, e);
        }
    }

    /**
     * {@return the sequence number of the entry within its millisecond: the part of its {@link #id()} after the dash}
     * Derived from the id. Redis allows unsigned 64-bit values; one above {@link Long#MAX_VALUE} (possible only with
     * explicit ids) comes back negative: read it with {@link Long#toUnsignedString(long)}.
     *
     * @throws IllegalStateException if the id is not of the form {@code <ms>-<seq>}
     */
    default long sequence() {
        String id = id();
        int dash = id == null ? -1 : id.indexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            throw new IllegalStateException("not a stream entry id: " + id);
        }
        try {
            return Long.parseUnsignedLong(id, dash + 1, id.length(), 10);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a stream entry id: " + id, e);
        }
    }

    /**
     * {@return why the payload could not be mapped to {@code T}, for an entry read with a {@link StreamReader}}: then
     * {@link #payload()} throws this exception, while the id, type, headers, timestamp and sequence are still
     * available, and the reading goes on with the next entry. Empty when the payload was mapped, and always empty
     * for entries delivered to consumers (those that cannot be mapped go to the dead-letter stream instead).
     */
    default Optional<PayloadMappingException> mappingFailure() {
        return Optional.empty();
    }
}
