package io.redstreams.events;

import java.util.List;

/**
 * A consumer took over entries that other consumers of its group had left pending for longer than
 * {@code redstreams.consumer.reclaim-min-idle-ms} (a crashed or stopped instance), with {@code XAUTOCLAIM}; it
 * processes them next. Fired once per claimed page (up to the consumer's batch size), before they are processed.
 * Observe with {@code @ObservesAsync}.
 *
 * @param stream   the stream
 * @param group    the consumer group
 * @param consumer the consumer name that now owns the entries
 * @param ids      the ids of the entries claimed (unmodifiable, not empty)
 */
public record EntriesClaimed(String stream, String group, String consumer, List<String> ids) {

    /**
     * Creates the event; redstreams creates them. The list is copied.
     *
     * @param stream   the stream
     * @param group    the consumer group
     * @param consumer the consumer name that now owns the entries
     * @param ids      the ids of the entries claimed
     * @throws NullPointerException if {@code ids} is null or holds {@code null}
     */
    public EntriesClaimed {
        ids = List.copyOf(ids);
    }

    /** {@return how many entries were claimed} */
    public int count() {
        return ids.size();
    }
}
