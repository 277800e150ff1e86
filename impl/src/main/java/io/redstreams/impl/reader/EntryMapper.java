package io.redstreams.impl.reader;

import java.util.Map;

import io.redstreams.PayloadMappingException;
import io.redstreams.StreamMessage;
import io.redstreams.impl.codec.ConsumerParameter;
import io.redstreams.impl.codec.EntryFields;
import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.codec.MessageDecoder;
import io.redstreams.impl.codec.PayloadKind;
import io.redstreams.impl.redis.RawEntry;

/**
 * Maps entries to {@code StreamMessage<T>} with the consumers' decoder, so that a reader sees payloads exactly as a
 * {@code @StreamConsumer} parameter of type {@code T} would. The one wall around decoding (JSON-B and the
 * application's adapters run here): any failure becomes the message's mapping failure, never an exception out of a
 * read. Thread-safe.
 */
final class EntryMapper<T> {

    private final MessageDecoder decoder;

    private EntryMapper(MessageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * @param type the payload type; {@code Map.class} means all fields as {@code Map<String, String>}
     * @throws IllegalArgumentException for a type a consumer parameter could not have either
     */
    static <T> EntryMapper<T> of(Class<T> type, JsonMapper json) {
        if (type == null) {
            throw new IllegalArgumentException("the payload type must not be null (Map.class for all fields)");
        }
        ConsumerParameter parameter;
        if (type == Map.class) {
            parameter = new ConsumerParameter(PayloadKind.FIELDS, Map.class, false);
        } else {
            ConsumerParameter.Result result = ConsumerParameter.of(type);
            if (!result.ok()) {
                throw new IllegalArgumentException("cannot read entries as " + type.getName() + ": "
                        + result.problem());
            }
            parameter = result.parameter();
        }
        return new EntryMapper<>(new MessageDecoder(parameter, json));
    }

    @SuppressWarnings("unchecked")
    StreamMessage<T> map(String stream, RawEntry entry) {
        Map<String, String> headers = MessageDecoder.headers(entry);
        String type = entry.text(EntryFields.TYPE);
        try {
            T payload = (T) decoder.decode(stream, entry, 0);
            return new ReadMessage<>(entry.id(), stream, type, payload, headers, null);
        } catch (Throwable t) {
            String reason = t instanceof PayloadMappingException ? t.getMessage() : "the payload mapping failed: " + t;
            return new ReadMessage<>(entry.id(), stream, type, null, headers, new PayloadMappingException(
                    "entry " + entry.id() + " of " + stream + " cannot be mapped: " + reason, t));
        }
    }
}
