package io.redstreams.events;

/**
 * A consumer reads from Redis again after a {@link ConsumerOutageBegan}. Observe with {@code @ObservesAsync}.
 *
 * @param stream     the stream the consumer reads
 * @param group      its consumer group
 * @param consumer   its consumer name within the group
 * @param reason     the last failure seen during the outage
 * @param durationMs how long the outage lasted, in milliseconds (from its first failure to the first success)
 */
public record ConsumerOutageEnded(String stream, String group, String consumer, String reason, long durationMs) {
}
