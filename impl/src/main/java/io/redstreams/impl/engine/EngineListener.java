package io.redstreams.impl.engine;

import java.util.List;

/**
 * Told what the engine does, for health, metrics, tracing and the CDI events. Attach one with
 * {@link RedStreamsEngine#listen(EngineListener)}. Every method has an empty default, so a listener
 * implements only what it cares about and new signals do not break it.
 *
 * <p>Called on engine threads (consumer loops among them): a listener must return quickly and must
 * not block; hand anything slow to a thread of its own. What it throws is caught and logged; it never
 * ends an engine loop nor changes what happens to an entry.
 */
public interface EngineListener {

    /** A set of consumers started; {@code names} are their specs' names (e.g. {@code Class#method}). */
    default void consumersStarted(List<String> names) {
    }

    /** A set of consumers stopped (drained, or timed out and interrupted). */
    default void consumersStopped(List<String> names) {
    }

    /**
     * A dead letter was written (and the entry is acknowledged): entry {@code entryId} of {@code stream},
     * read by {@code group}, copied to {@code deadLetterStream} after {@code deliveries} deliveries, for
     * {@code reason}.
     */
    default void deadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                              long deliveries) {
    }

    /** A consumer cannot read (Redis unreachable, group unusable): told once when the outage starts. */
    default void outageBegan(String stream, String group, String consumer, String reason) {
    }

    /**
     * A consumer reads again after an outage; {@code reason} is the last failure seen, {@code durationMs}
     * how long it lasted in milliseconds.
     */
    default void outageEnded(String stream, String group, String consumer, String reason, long durationMs) {
    }

    /** A consumer took over {@code ids} that other consumers of the group had left pending too long. */
    default void entriesClaimed(String stream, String group, String consumer, List<String> ids) {
    }
}
