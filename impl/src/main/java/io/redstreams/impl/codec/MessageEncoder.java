package io.redstreams.impl.codec;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.redstreams.StreamType;

/**
 * Turns a payload and headers into entry fields: {@code payload} first, then {@code type}, then
 * the headers. See the README's wire format.
 */
public final class MessageEncoder {

    private static final ClassValue<String> TYPE_OF = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            StreamType annotation = type.getAnnotation(StreamType.class);
            return annotation == null ? null : annotation.value();
        }
    };

    private final JsonMapper json;

    public MessageEncoder(JsonMapper json) {
        this.json = json;
    }

    /**
     * @throws IllegalArgumentException for a null payload, a header named {@code payload}, or null header names/values
     */
    public Map<String, byte[]> encode(Object payload, Map<String, String> headers) {
        Objects.requireNonNull(payload, "payload must not be null");
        String type = TYPE_OF.get(payload.getClass());
        int headerCount = 0;
        if (headers != null && !headers.isEmpty()) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                String name = h.getKey();
                if (name == null || h.getValue() == null) {
                    throw new IllegalArgumentException("header names and values must not be null: " + name);
                }
                if (EntryFields.PAYLOAD.equals(name)) {
                    throw new IllegalArgumentException("'payload' is reserved and cannot be a header name");
                }
                if (EntryFields.TYPE.equals(name)) {
                    type = h.getValue(); // a header named type overrides @StreamType
                } else {
                    headerCount++;
                }
            }
        }
        if (type == null && headerCount == 0) {
            // the usual entry: its payload alone, in a map of one (no table, no entry nodes)
            return Collections.singletonMap(EntryFields.PAYLOAD, payloadBytes(payload));
        }
        // One map, in wire order: payload, type, headers (readable in redis-cli).
        Map<String, byte[]> fields = new LinkedHashMap<>((2 + headerCount) * 2);
        fields.put(EntryFields.PAYLOAD, payloadBytes(payload));
        if (type != null) {
            fields.put(EntryFields.TYPE, type.getBytes(StandardCharsets.UTF_8));
        }
        if (headerCount > 0) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (!EntryFields.TYPE.equals(h.getKey())) {
                    fields.put(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return fields;
    }

    private byte[] payloadBytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return json.toJsonBytes(payload);
    }
}
