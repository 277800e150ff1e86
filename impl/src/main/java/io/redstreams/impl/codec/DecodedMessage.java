package io.redstreams.impl.codec;

import java.util.Map;

import io.redstreams.StreamMessage;

/**
 * The {@link StreamMessage} handed to consumers.
 */
record DecodedMessage<T>(String id, String stream, String type, T payload, Map<String, String> headers,
                         long deliveryCount) implements StreamMessage<T> {

    @Override
    public String toString() {
        return "StreamMessage[" + stream + " " + id + (type != null ? " type=" + type : "")
                + " delivery=" + deliveryCount + "]";
    }
}
