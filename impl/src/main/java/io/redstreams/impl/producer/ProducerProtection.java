package io.redstreams.impl.producer;

import java.util.Locale;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;

/**
 * How the producer protects its callers while Redis is down or slow, from configuration: the circuit breaker
 * ({@code redstreams.producer.circuit-breaker.*}) and the policy of the asynchronous buffer
 * ({@code redstreams.producer.async-buffer.*}, capacity {@code redstreams.producer.async-max-pending}).
 */
public record ProducerProtection(boolean breakerEnabled, int failureThreshold, long coolDownMs,
                                 AsyncBuffer.Policy bufferPolicy, int bufferCapacity, long bufferWaitMs) {

    public static ProducerProtection from(RedStreamsConfig config) {
        return new ProducerProtection(config.get(ConfigKeys.PRODUCER_BREAKER_ENABLED),
                config.get(ConfigKeys.PRODUCER_BREAKER_FAILURE_THRESHOLD),
                config.get(ConfigKeys.PRODUCER_BREAKER_COOL_DOWN_MS),
                AsyncBuffer.Policy.valueOf(config.get(ConfigKeys.PRODUCER_ASYNC_BUFFER_POLICY).trim()
                        .toUpperCase(Locale.ROOT)),
                config.get(ConfigKeys.PRODUCER_ASYNC_MAX_PENDING),
                config.get(ConfigKeys.PRODUCER_ASYNC_BUFFER_WAIT_MS));
    }

    /** A new breaker for these settings (one per engine). */
    public SendBreaker newBreaker(String name) {
        return breakerEnabled ? new SendBreaker(name, failureThreshold, coolDownMs) : SendBreaker.disabled();
    }

    /** A new, empty asynchronous buffer for these settings. */
    public AsyncBuffer newBuffer() {
        return new AsyncBuffer(bufferPolicy, bufferCapacity, bufferWaitMs);
    }
}
