package io.redstreams;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary form of {@code XPENDING}: how many entries a group holds delivered and not acknowledged, and by whom.
 *
 * @param count       pending entries of the group
 * @param lowestId    the smallest pending id; {@code null} when none is pending
 * @param highestId   the greatest pending id; {@code null} when none is pending
 * @param perConsumer pending entries per consumer that holds at least one, in Redis's order (unmodifiable)
 */
public record PendingSummary(long count, String lowestId, String highestId, Map<String, Long> perConsumer) {

    /**
     * Creates a summary; redstreams creates them from the reply of {@code XPENDING}. {@code perConsumer} is copied,
     * keeping its order.
     *
     * @param count       pending entries of the group
     * @param lowestId    the smallest pending id, or {@code null}
     * @param highestId   the greatest pending id, or {@code null}
     * @param perConsumer pending entries per consumer; {@code null} is taken as empty
     */
    public PendingSummary {
        perConsumer = perConsumer == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(perConsumer));
    }
}
