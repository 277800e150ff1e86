package io.redstreams.impl.producer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.redstreams.CircuitOpenException;
import io.redstreams.ProducerStatus;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisPipelineException;

/**
 * The producer's circuit breaker, on resilience4j's {@link CircuitBreaker}: after {@code failureThreshold} sends in a
 * row that failed at the connection level ({@link RedisConnectionException} anywhere in the failure, after the
 * send's own retries), sends fail fast with {@link CircuitOpenException} for {@code coolDownMs}, without borrowing
 * or opening a connection; then the next send is the one probe (half-open) and its outcome closes or reopens it.
 *
 * <p>What counts: a send that Redis answered counts as a success even when Redis refused it (a command error such
 * as {@code WRONGTYPE} or {@code OOM}: Redis is up); a send that failed before reaching Redis for a reason of the
 * caller (bad argument, payload mapping, interrupt) counts as nothing and gives back its permission, so it does not
 * waste the probe. One send is one call: {@code send}, {@code sendAll}, {@code sendIdempotent} and one pipeline of
 * asynchronous sends.
 *
 * <p>resilience4j's configuration for this: a count-based window of {@code failureThreshold} calls, all of which
 * must fail (failure rate 100 %); one permitted call when half-open; no automatic transition (no timer thread: the
 * first call after the cool-down moves it to half-open); slow calls never count; no event consumer (resilience4j
 * would build an event per call). Thread-safe; the window's record is a short synchronized section, never held across
 * a Redis call (its {@code LOCK_FREE} variant measured slower here: about 0.7 against 0.25 microseconds per call on
 * one thread, on a loaded 2-core machine).
 */
public final class SendBreaker {

    private static final Logger LOG = Logger.getLogger(SendBreaker.class.getName());
    private static final SendBreaker DISABLED = new SendBreaker();

    private final CircuitBreaker breaker;
    private final int failureThreshold;
    private final long coolDownMs;
    private final LongAdder connectionFailures = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder timesOpened = new LongAdder();
    /** {@link System#nanoTime()} when it last opened. */
    private final AtomicLong openedAt = new AtomicLong();
    private volatile String lastFailure = "";
    /** The state last seen; transitions are noticed by comparing (no event consumer: resilience4j would then build
     * an event object for every call). */
    private final AtomicReference<CircuitBreaker.State> seen = new AtomicReference<>(CircuitBreaker.State.CLOSED);

    SendBreaker(String name, int failureThreshold, long coolDownMs) {
        this.failureThreshold = failureThreshold;
        this.coolDownMs = coolDownMs;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(failureThreshold, failureThreshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
                .failureRateThreshold(100f)
                .waitDurationInOpenState(Duration.ofMillis(coolDownMs))
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .slowCallRateThreshold(100f)
                .writableStackTraceEnabled(false)
                .build();
        this.breaker = CircuitBreaker.of(name, config);
    }

    private SendBreaker() {
        this.breaker = null;
        this.failureThreshold = 0;
        this.coolDownMs = 0;
    }

    /** A breaker that lets every send through and counts nothing. */
    public static SendBreaker disabled() {
        return DISABLED;
    }

    public boolean enabled() {
        return breaker != null;
    }

    /**
     * Runs one synchronous send through the breaker.
     *
     * @throws CircuitOpenException when open (or half-open with the probe on its way); {@code send} did not run
     */
    public <T> T call(Supplier<T> send) {
        if (breaker == null) {
            return send.get();
        }
        if (!tryPermit()) {
            countRejected(1);
            throw refusal();
        }
        long start = System.nanoTime();
        T result;
        try {
            result = send.get();
        } catch (RuntimeException | Error e) {
            record(start, e);
            throw e;
        }
        record(start, null);
        return result;
    }

    /** Whether a call may go to Redis now; when {@code true}, {@link #record} must follow. */
    boolean tryPermit() {
        if (breaker == null) {
            return true;
        }
        boolean permitted = breaker.tryAcquirePermission();
        noticeState();
        return permitted;
    }

    /**
     * Whether the breaker refuses calls now and for a while (open, cool-down not over): for refusing an asynchronous
     * send before it is queued. No permission is taken.
     */
    boolean refusesNow() {
        return breaker != null && breaker.getState() == CircuitBreaker.State.OPEN && remainingMs() > 0;
    }

    /**
     * Records the outcome of a permitted call.
     *
     * @param startNanos {@link System#nanoTime()} when it started
     * @param failure    {@code null} on success, else what it threw
     */
    void record(long startNanos, Throwable failure) {
        if (breaker == null) {
            return;
        }
        long nanos = System.nanoTime() - startNanos;
        if (failure == null || answeredByRedis(failure)) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else if (connectionLevel(failure)) {
            connectionFailures.increment();
            lastFailure = String.valueOf(failure.getMessage());
            breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
        } else {
            breaker.releasePermission(); // the caller's problem, not Redis's: neither success nor failure
        }
        noticeState();
    }

    /** Two volatile reads when nothing changed; logs and counts a transition once, on the thread that sees it. */
    private void noticeState() {
        CircuitBreaker.State now = breaker.getState();
        if (seen.get() != now) {
            CircuitBreaker.State before = seen.getAndSet(now);
            if (before != now) {
                transitioned(now);
            }
        }
    }

    void countRejected(int sends) {
        rejected.add(sends);
    }

    /** The exception a refused send fails with. */
    CircuitOpenException refusal() {
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            long remaining = remainingMs();
            return new CircuitOpenException("Redis is unavailable: the producer's circuit breaker is open after "
                    + failureThreshold + " connection-level failures in a row; sends fail fast for another "
                    + Math.max(0, remaining) + " ms (redstreams.producer.circuit-breaker.cool-down-ms=" + coolDownMs
                    + "), then one probe decides. Nothing was sent. Last failure: " + lastFailure,
                    Duration.ofMillis(Math.max(0, remaining)));
        }
        return new CircuitOpenException("Redis may be unavailable: the producer's circuit breaker is half-open and"
                + " one probe send is deciding whether Redis is back; retry shortly. Nothing was sent.", Duration.ZERO);
    }

    public ProducerStatus.Circuit snapshot() {
        if (breaker == null) {
            return new ProducerStatus.Circuit(ProducerStatus.CircuitState.DISABLED, 0, 0, 0, 0, 0, Duration.ZERO);
        }
        ProducerStatus.CircuitState state = switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> ProducerStatus.CircuitState.OPEN;
            case HALF_OPEN -> ProducerStatus.CircuitState.HALF_OPEN;
            case DISABLED, METRICS_ONLY -> ProducerStatus.CircuitState.DISABLED;
            case CLOSED -> ProducerStatus.CircuitState.CLOSED;
        };
        Duration retryAfter = state == ProducerStatus.CircuitState.OPEN
                ? Duration.ofMillis(Math.max(0, remainingMs())) : Duration.ZERO;
        return new ProducerStatus.Circuit(state, failureThreshold, breaker.getMetrics().getNumberOfFailedCalls(),
                connectionFailures.sum(), rejected.sum(), timesOpened.sum(), retryAfter);
    }

    private long remainingMs() {
        return coolDownMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt.get());
    }

    private void transitioned(CircuitBreaker.State to) {
        // runs on the thread of the call that saw the transition; only logging and counting here
        switch (to) {
            case OPEN -> {
                openedAt.set(System.nanoTime());
                timesOpened.increment();
                LOG.warning(() -> "redstreams: producer circuit breaker OPEN (" + failureThreshold
                        + " connection-level failures in a row, or a failed probe): sends fail fast with"
                        + " CircuitOpenException for " + coolDownMs + " ms. Last failure: " + lastFailure);
            }
            case HALF_OPEN -> LOG.info("redstreams: producer circuit breaker HALF_OPEN: the next send probes Redis");
            case CLOSED -> LOG.info("redstreams: producer circuit breaker CLOSED: Redis answers again");
            default -> LOG.log(Level.FINE, "redstreams: producer circuit breaker {0}", to);
        }
    }

    /** A connection-level failure anywhere in the chain, or in a pipeline's outcomes. */
    static boolean connectionLevel(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisConnectionException) {
                return true;
            }
            if (t instanceof RedisPipelineException p) {
                for (Throwable f : p.failures()) {
                    if (f instanceof RedisConnectionException) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Redis answered (a command error), and nothing connection-level went wrong. */
    private static boolean answeredByRedis(Throwable failure) {
        if (connectionLevel(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RedisCommandException || t instanceof RedisPipelineException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return breaker == null ? "SendBreaker[disabled]" : "SendBreaker[" + breaker.getState() + "]";
    }
}
