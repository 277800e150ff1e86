package io.redstreams.impl.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stream entry as Redis returned it: its id and its fields in order. Field names are text;
 * values stay bytes, because a {@code byte[]} payload must reach its consumer unchanged.
 *
 * @param id     the entry id
 * @param fields the fields, in entry order; empty when the entry was deleted while pending
 */
public record RawEntry(String id, Map<String, byte[]> fields) {

    /** Whether the entry was deleted (or trimmed) while it was still pending. */
    public boolean deleted() {
        return fields.isEmpty();
    }

    /** A field as UTF-8 text, or {@code null}. */
    public String text(String field) {
        byte[] value = fields.get(field);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
