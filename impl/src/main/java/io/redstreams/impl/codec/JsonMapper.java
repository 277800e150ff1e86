package io.redstreams.impl.codec;

import java.lang.reflect.Type;

import io.redstreams.PayloadMappingException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

/**
 * JSON-B, once per engine: a {@link Jsonb} is thread-safe and expensive to create.
 * Unknown properties are ignored on purpose, so producers can add fields without breaking
 * consumers that do not know them yet.
 */
public final class JsonMapper implements AutoCloseable {

    private final Jsonb jsonb;

    public JsonMapper() {
        this.jsonb = JsonbBuilder.create();
    }

    public String toJson(Object value) {
        try {
            return jsonb.toJson(value);
        } catch (JsonbException e) {
            throw new PayloadMappingException("Cannot map " + value.getClass().getName() + " to JSON: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The value as UTF-8 JSON: the same bytes as {@code toJson(value).getBytes(UTF_8)}, without the intermediate
     * string and string writer.
     */
    public byte[] toJsonBytes(Object value) {
        Utf8Text.Sink sink = new Utf8Text.Sink();
        try {
            jsonb.toJson(value, sink);
        } catch (JsonbException e) {
            throw new PayloadMappingException("Cannot map " + value.getClass().getName() + " to JSON: "
                    + e.getMessage(), e);
        }
        return sink.bytes();
    }

    /** As {@link #fromJson(String, Type)}, read straight from UTF-8 bytes. */
    public Object fromJson(byte[] utf8, Type type) {
        try {
            Object value = jsonb.fromJson(Utf8Text.reader(utf8), type);
            if (value == null) {
                throw new PayloadMappingException("payload is JSON null, expected " + type.getTypeName(), null);
            }
            return value;
        } catch (JsonbException e) {
            throw new PayloadMappingException("payload is not JSON of " + type.getTypeName() + ": "
                    + oneLine(e.getMessage()), e);
        }
    }

    public Object fromJson(String json, Type type) {
        try {
            Object value = jsonb.fromJson(json, type);
            if (value == null) {
                throw new PayloadMappingException("payload is JSON null, expected " + type.getTypeName(), null);
            }
            return value;
        } catch (JsonbException e) {
            throw new PayloadMappingException("payload is not JSON of " + type.getTypeName() + ": "
                    + oneLine(e.getMessage()), e);
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replace('\n', ' ').replace('\r', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    @Override
    public void close() {
        try {
            jsonb.close();
        } catch (Exception ignored) {
            // nothing to release that matters
        }
    }
}
