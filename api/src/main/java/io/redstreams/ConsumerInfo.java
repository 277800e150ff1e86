package io.redstreams;

import java.time.Duration;

/**
 * One consumer of a group, as {@code XINFO CONSUMERS} reports it at the moment of the call.
 *
 * @param name     the consumer's name in the group
 * @param pending  entries delivered to this consumer and not acknowledged yet
 * @param idle     time since the consumer last interacted with the group (Redis 7.0: since its last read or
 *                 claim that delivered something; from 7.2: since any attempted read or claim)
 * @param inactive time since the consumer's last successful interaction (Redis 7.2+); {@code null} when Redis does
 *                 not report it (7.0) or the consumer never succeeded
 */
public record ConsumerInfo(String name, long pending, Duration idle, Duration inactive) {
}
