package io.redstreams.events;

/**
 * A consumer could not read from Redis (unreachable, refusing, or its group unusable) and is retrying with
 * backoff. Fired once when such an outage starts, not for every failed attempt; a {@link ConsumerOutageEnded}
 * follows when it reads again. Observe with {@code @ObservesAsync}.
 *
 * @param stream   the stream the consumer reads
 * @param group    its consumer group
 * @param consumer its consumer name within the group
 * @param reason   the first failure of the outage
 */
public record ConsumerOutageBegan(String stream, String group, String consumer, String reason) {
}
