package io.redstreams.impl.redis;

import java.util.Map;

/**
 * An entry to append: the stream and the fields, in order.
 */
public record OutgoingEntry(String stream, Map<String, byte[]> fields) {
}
