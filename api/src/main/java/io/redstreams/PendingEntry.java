package io.redstreams;

import java.time.Duration;

/**
 * One entry of a group's pending entries list (delivered, not acknowledged), as the extended form of
 * {@code XPENDING} reports it.
 *
 * @param id         the entry's id in the stream
 * @param consumer   the consumer that holds it
 * @param idle       time since it was last delivered to (or claimed, or leased by) that consumer; a live
 *                   redstreams consumer refreshes it while it works on the entry, so a large idle time means a dead
 *                   or hung holder
 * @param deliveries how many times Redis delivered it (its delivery count)
 */
public record PendingEntry(String id, String consumer, Duration idle, long deliveries) {
}
