package io.redstreams.impl.codec;

import io.redstreams.impl.redis.RawEntry;

/**
 * Turns an entry into the argument a consumer's method gets. {@link MessageDecoder} for one method; a type router
 * for several methods on one stream and group.
 */
public interface EntryDecoder {

    /**
     * @param stream        the stream the entry was read from
     * @param entry         the entry
     * @param deliveryCount this delivery's count, for a {@code StreamMessage}
     * @return the argument
     * @throws io.redstreams.PayloadMappingException when the entry has no usable payload; the message is the reason
     */
    Object decode(String stream, RawEntry entry, long deliveryCount);
}
