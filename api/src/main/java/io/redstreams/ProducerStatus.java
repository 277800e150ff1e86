package io.redstreams;

import java.time.Duration;

/**
 * A snapshot of how the producer protects its callers while Redis is down or slow: its circuit breaker and its
 * buffer of asynchronous sends. Taken without contacting Redis; the counters count since the application started.
 * See {@link StreamAdmin#producerStatus()}.
 *
 * @param circuit     the circuit breaker
 * @param asyncBuffer the buffer of asynchronous sends
 */
public record ProducerStatus(Circuit circuit, AsyncBuffer asyncBuffer) {

    /** The states of the producer's circuit breaker. */
    public enum CircuitState {
        /** The breaker is switched off ({@code redstreams.producer.circuit-breaker.enabled=false}): every send tries. */
        DISABLED,
        /** Sends go to Redis; connection-level failures in a row are counted. */
        CLOSED,
        /** Sends fail fast with {@link CircuitOpenException}, without contacting Redis, until the cool-down ends. */
        OPEN,
        /** The cool-down ended: one probe send is (or will be) let through; its outcome closes or reopens. */
        HALF_OPEN
    }

    /**
     * The circuit breaker.
     *
     * @param state              its state at the moment of the snapshot
     * @param failureThreshold   connection-level failures in a row that open it
     * @param recentFailures     connection-level failures the breaker counts now: among the last
     *                           {@code failureThreshold} sends when closed, those that opened it when open, the
     *                           probe's (0 or 1) when half-open
     * @param connectionFailures sends that failed at the connection level, in all
     * @param rejectedCalls      sends refused with {@link CircuitOpenException}, in all
     * @param timesOpened        how often it opened
     * @param retryAfter         how long it stays open from now; {@link Duration#ZERO} unless {@code OPEN}
     */
    public record Circuit(CircuitState state, int failureThreshold, long recentFailures, long connectionFailures,
                          long rejectedCalls, long timesOpened, Duration retryAfter) {
    }

    /**
     * The buffer of asynchronous sends ({@code sendAsync}): sends accepted and not completed yet.
     *
     * @param policy   what a full buffer does to a caller: {@code block}, {@code fail} or {@code wait}
     *                 ({@code redstreams.producer.async-buffer.policy})
     * @param size     sends waiting for Redis now
     * @param capacity the most that may wait ({@code redstreams.producer.async-max-pending})
     * @param peak     the greatest {@code size} seen
     * @param rejected sends refused with {@link AsyncBufferFullException}, in all
     */
    public record AsyncBuffer(String policy, int size, int capacity, int peak, long rejected) {
    }
}
