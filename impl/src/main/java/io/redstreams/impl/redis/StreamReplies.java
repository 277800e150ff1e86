package io.redstreams.impl.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the RESP2 replies of XREADGROUP, XCLAIM and XAUTOCLAIM into {@link RawEntry}s.
 * Entries deleted while pending come back as {@code [id, nil]}; they become entries with no fields.
 */
final class StreamReplies {

    // The usual field names, compared as bytes so that reading them needs no new strings.
    private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TYPE = "type".getBytes(StandardCharsets.UTF_8);

    private StreamReplies() {
    }

    /** XREADGROUP with one stream: {@code [[stream, [entry...]]]} or nil. */
    static List<RawEntry> readGroupReply(Object reply) {
        if (!(reply instanceof List<?> streams) || streams.isEmpty()) {
            return Collections.emptyList();
        }
        List<?> first = (List<?>) streams.get(0);
        return entries(first.get(1));
    }

    /** A list of entries, each {@code [id, [field, value, ...]]} or {@code [id, nil]}. */
    static List<RawEntry> entries(Object reply) {
        if (!(reply instanceof List<?> list) || list.isEmpty()) {
            return Collections.emptyList();
        }
        List<RawEntry> result = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item == null) {
                continue; // XCLAIM of a deleted entry (Redis 6) answers nil in its place
            }
            List<?> entry = (List<?>) item;
            String id = text(entry.get(0));
            Object rawFields = entry.size() > 1 ? entry.get(1) : null;
            result.add(new RawEntry(id, fields(rawFields), raw(rawFields)));
        }
        return result;
    }

    /** XAUTOCLAIM: {@code [cursor, [entry...]]} and, from Redis 7, {@code [deleted ids]}. */
    static AutoClaimResult autoClaimReply(Object reply) {
        List<?> parts = (List<?>) reply;
        String cursor = text(parts.get(0));
        List<RawEntry> claimed = entries(parts.get(1));
        List<String> deleted = new ArrayList<>();
        if (parts.size() > 2 && parts.get(2) instanceof List<?> ids) {
            for (Object id : ids) {
                deleted.add(text(id));
            }
        }
        // Redis 6.2 returns deleted entries as [id, nil] among the claimed ones.
        List<RawEntry> live = new ArrayList<>(claimed.size());
        for (RawEntry e : claimed) {
            if (e.deleted()) {
                deleted.add(e.id());
            } else {
                live.add(e);
            }
        }
        return new AutoClaimResult(cursor, live, deleted);
    }

    /**
     * The fields by name, in entry order. An entry with one field (the usual {@code payload} alone) gets a singleton
     * map, and the common field names their constant strings: a map, a table and two strings less per entry read.
     */
    private static Map<String, byte[]> fields(Object raw) {
        if (!(raw instanceof List<?> kv) || kv.size() < 2) {
            return Collections.emptyMap();
        }
        if (kv.size() == 2) {
            return Collections.singletonMap(fieldName(kv.get(0)), (byte[]) kv.get(1));
        }
        Map<String, byte[]> fields = new LinkedHashMap<>(kv.size());
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            fields.put(fieldName(kv.get(i)), (byte[]) kv.get(i + 1));
        }
        return fields;
    }

    private static String fieldName(Object raw) {
        if (raw instanceof byte[] b) {
            if (Arrays.equals(b, PAYLOAD)) {
                return "payload";
            }
            if (Arrays.equals(b, TYPE)) {
                return "type";
            }
        }
        return text(raw);
    }

    /**
     * The name and value bytes exactly as sent: the reply list itself (Jedis hands every element over as a byte
     * array), so keeping it costs nothing on the hot path.
     */
    @SuppressWarnings("unchecked")
    private static List<byte[]> raw(Object raw) {
        if (!(raw instanceof List<?> kv) || kv.isEmpty()) {
            return Collections.emptyList();
        }
        return Collections.unmodifiableList((List<byte[]>) kv);
    }

    /**
     * One XINFO record: a flat {@code [name, value, ...]} list (RESP2) or a map (RESP3), as a map by name.
     */
    static Map<String, Object> infoMap(Object record) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (record instanceof List<?> kv) {
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                out.put(text(kv.get(i)), kv.get(i + 1));
            }
        } else if (record instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(text(k), v));
        }
        return out;
    }

    static String text(Object raw) {
        return raw instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(raw);
    }
}
