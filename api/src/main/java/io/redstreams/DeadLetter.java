package io.redstreams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a dead-letter stream. redstreams writes a dead letter as the original entry's fields, byte for byte
 * and in order, followed by five bookkeeping fields: {@code error}, {@code source-stream}, {@code source-id},
 * {@code group} and {@code deliveries}. This record splits the two: the bookkeeping fields become components, the
 * original fields stay in {@link #fields()} and {@link #rawFields()}. Only the five trailing fields count as
 * bookkeeping, so an application field that happens to be named {@code error} stays among the original fields.
 * An entry that does not end with those five fields (written by another client) has {@code null} bookkeeping
 * components and all its fields as original fields; it cannot be replayed.
 *
 * @param id           the dead letter's id in the dead-letter stream
 * @param reason       why the entry failed (the {@code error} field: exception class and message, or
 *                     {@code undecodable payload: ...}, {@code processing timeout after N ms: ...}); {@code null}
 *                     when not a redstreams dead letter
 * @param sourceStream the stream the entry came from ({@code null}: unknown)
 * @param sourceId     the entry's id in that stream ({@code null}: unknown)
 * @param group        the group whose consumer failed it ({@code null}: unknown)
 * @param deliveries   how many deliveries failed ({@code null}: unknown or not a number)
 * @param replays      how many times this entry was replayed before (its {@code redstreams-replayed} field; 0: never)
 * @param rawFields    the original fields exactly as stored: name, value, name, value, ... (unmodifiable; names may
 *                     repeat and need not be UTF-8)
 */
public record DeadLetter(String id, String reason, String sourceStream, String sourceId, String group,
                         Long deliveries, int replays, List<byte[]> rawFields) {

    /**
     * Creates a dead letter; redstreams creates them when it reads a dead-letter stream. {@code rawFields} is
     * copied, so later changes to the list given do not show.
     *
     * @param id           the dead letter's id in the dead-letter stream
     * @param reason       why the entry failed, or {@code null}
     * @param sourceStream the stream the entry came from, or {@code null}
     * @param sourceId     the entry's id in that stream, or {@code null}
     * @param group        the group whose consumer failed it, or {@code null}
     * @param deliveries   how many deliveries failed, or {@code null}
     * @param replays      how many times this entry was replayed before
     * @param rawFields    the original fields: name, value, name, value, ...
     * @throws NullPointerException if {@code rawFields} is null
     */
    public DeadLetter {
        rawFields = Collections.unmodifiableList(new ArrayList<>(rawFields));
    }

    /**
     * The original fields as text (names and values decoded as UTF-8, bytes that are not UTF-8 replaced by
     * {@code U+FFFD}), in entry order; for a repeated name the last value wins, at the place of the first. Use
     * {@link #rawFields()} for the exact bytes.
     *
     * @return a new, modifiable map on every call, from field name to value
     */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < rawFields.size(); i += 2) {
            fields.put(new String(rawFields.get(i), StandardCharsets.UTF_8),
                    new String(rawFields.get(i + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /**
     * {@return the original {@code payload} field as UTF-8 text (the last one when repeated), or {@code null} when
     * there is none}
     */
    public String payload() {
        return fields().get("payload");
    }

    /**
     * {@return whether it can be replayed: it names its source stream (a non-empty {@code source-stream} field)}
     * The {@link StreamAdmin} replay methods list a dead letter that cannot be replayed as a failure and leave it in
     * place.
     */
    public boolean replayable() {
        return sourceStream != null && !sourceStream.isEmpty();
    }
}
