package io.redstreams;

import java.time.Duration;

/**
 * A send was refused without contacting Redis because the producer's circuit breaker is open: the last sends
 * failed at the connection level ({@code redstreams.producer.circuit-breaker.failure-threshold} of them in a row),
 * so the producer fails fast for {@code redstreams.producer.circuit-breaker.cool-down-ms} before one probe send
 * decides whether Redis is back. Nothing was written: the entry was certainly not added, so sending it again later
 * cannot add a duplicate.
 *
 * <p>While the probe is on its way (the breaker is half-open) other sends are refused too, with a
 * {@link #retryAfter()} of zero.
 */
public class CircuitOpenException extends StreamSendException {

    private static final long serialVersionUID = 1L;

    /** How long the breaker stays open from when the send was refused. */
    private final Duration retryAfter;

    /**
     * @param message    what was refused and why; never contains credentials
     * @param retryAfter how long the breaker stays open from now; {@link Duration#ZERO} while a probe decides
     */
    public CircuitOpenException(String message, Duration retryAfter) {
        super(message, null);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /**
     * How long, from when the send was refused, the breaker stays open; after that the next send is the probe.
     *
     * @return the remaining cool-down, never negative; {@link Duration#ZERO} while a probe is on its way
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
