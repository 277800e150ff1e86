package io.redstreams.events;

/**
 * A consumer gave up on an entry: its dead letter was written to the dead-letter stream ({@code XADD}) and the
 * entry was then acknowledged ({@code XACK}). Fired once per dead letter written, after both succeeded; observe
 * with {@code @ObservesAsync} (see the {@linkplain io.redstreams.events package} for how events are delivered).
 *
 * @param entryId          the id of the entry in its source stream
 * @param stream           the source stream
 * @param group            the consumer group that read it
 * @param deadLetterStream the stream its dead letter was written to
 * @param reason           why it failed, as written in the dead letter (e.g. the exception's class and message)
 * @param deliveries       how many times it was delivered before it was given up (at least 1)
 */
public record DeadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                           long deliveries) {
}
