package io.redstreams.impl.reader;

import java.util.Map;
import java.util.Optional;

import io.redstreams.PayloadMappingException;
import io.redstreams.StreamMessage;

/**
 * An entry read by the {@link StreamReaderEngine}: its payload, or why the payload could not be mapped (then
 * {@link #payload()} throws). Read outside any group, so its delivery count is 0.
 */
record ReadMessage<T>(String id, String stream, String type, T mapped, Map<String, String> headers,
                      PayloadMappingException failure) implements StreamMessage<T> {

    @Override
    public T payload() {
        if (failure != null) {
            // a new exception per call, so that each stack trace shows the caller; the first one is the cause
            throw new PayloadMappingException(failure.getMessage(), failure);
        }
        return mapped;
    }

    @Override
    public long deliveryCount() {
        return 0;
    }

    @Override
    public Optional<PayloadMappingException> mappingFailure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return "StreamMessage[" + stream + " " + id + (type != null ? " type=" + type : "")
                + (failure != null ? " unmapped" : "") + "]";
    }
}
