package io.redstreams.impl.codec;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.redstreams.PayloadMappingException;
import io.redstreams.impl.redis.RawEntry;

/**
 * Turns an entry into the argument of one consumer method, as its {@link ConsumerParameter} says.
 */
public final class MessageDecoder implements EntryDecoder {

    private final ConsumerParameter parameter;
    private final JsonMapper json;

    public MessageDecoder(ConsumerParameter parameter, JsonMapper json) {
        this.parameter = parameter;
        this.json = json;
    }

    /**
     * @return the payload, or a {@code StreamMessage} around it when the method asks for one
     * @throws PayloadMappingException when the entry has no usable payload; the message is the reason
     */
    @Override
    public Object decode(String stream, RawEntry entry, long deliveryCount) {
        Object payload = payload(entry);
        if (!parameter.wantsMessage()) {
            return payload;
        }
        return new DecodedMessage<>(entry.id(), stream, entry.text(EntryFields.TYPE), payload, headers(entry),
                deliveryCount);
    }

    private Object payload(RawEntry entry) {
        if (parameter.kind() == PayloadKind.FIELDS) {
            return allFields(entry);
        }
        byte[] raw = entry.fields().get(EntryFields.PAYLOAD);
        if (raw == null) {
            throw new PayloadMappingException("entry has no '" + EntryFields.PAYLOAD + "' field (fields: "
                    + entry.fields().keySet() + ")", null);
        }
        return switch (parameter.kind()) {
            case BYTES -> raw;
            case TEXT -> new String(raw, StandardCharsets.UTF_8);
            case JSON -> json.fromJson(raw, parameter.payloadType());
            case FIELDS -> throw new IllegalStateException("handled above");
        };
    }

    private static Map<String, String> allFields(RawEntry entry) {
        Map<String, String> all = new LinkedHashMap<>(entry.fields().size() * 2);
        for (Map.Entry<String, byte[]> f : entry.fields().entrySet()) {
            if (!EntryFields.isTrace(f.getKey())) {
                all.put(f.getKey(), new String(f.getValue(), StandardCharsets.UTF_8));
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /** The entry's fields other than {@code payload}, {@code type} and the trace fields, as text; unmodifiable. */
    public static Map<String, String> headers(RawEntry entry) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : entry.fields().entrySet()) {
            if (!EntryFields.RESERVED.contains(f.getKey())) {
                headers.put(f.getKey(), new String(f.getValue(), StandardCharsets.UTF_8));
            }
        }
        return Collections.unmodifiableMap(headers);
    }
}
