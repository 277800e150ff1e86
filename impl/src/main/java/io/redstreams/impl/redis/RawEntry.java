package io.redstreams.impl.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A stream entry as Redis returned it: its id, its fields as a text-keyed view, and the exact bytes of
 * every field name and value in entry order. Values stay bytes, because a {@code byte[]} payload must
 * reach its consumer unchanged; the raw list keeps field names that are not valid UTF-8 (and names that
 * the text view would merge) byte for byte, so a dead-letter copy can reproduce the entry exactly.
 *
 * @param id     the entry id
 * @param fields the fields, in entry order, names decoded as UTF-8; empty when the entry was deleted while pending
 * @param raw    name, value, name, value, ... exactly as Redis sent them; empty when deleted
 */
public record RawEntry(String id, Map<String, byte[]> fields, List<byte[]> raw) {

    /** An entry whose field names are all text: the raw list is derived from the map. */
    public RawEntry(String id, Map<String, byte[]> fields) {
        this(id, fields, rawOf(fields));
    }

    /** Whether the entry was deleted (or trimmed) while it was still pending. */
    public boolean deleted() {
        return fields.isEmpty();
    }

    /** A field as UTF-8 text, or {@code null}. */
    public String text(String field) {
        byte[] value = fields.get(field);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static List<byte[]> rawOf(Map<String, byte[]> fields) {
        if (fields.isEmpty()) {
            return Collections.emptyList();
        }
        List<byte[]> raw = new ArrayList<>(fields.size() * 2);
        for (Map.Entry<String, byte[]> f : fields.entrySet()) {
            raw.add(f.getKey().getBytes(StandardCharsets.UTF_8));
            raw.add(f.getValue());
        }
        return raw;
    }
}
