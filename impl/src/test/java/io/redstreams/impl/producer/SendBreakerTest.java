package io.redstreams.impl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.redstreams.CircuitOpenException;
import io.redstreams.PayloadMappingException;
import io.redstreams.ProducerStatus.CircuitState;
import io.redstreams.StreamSendException;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisPipelineException;
import org.junit.jupiter.api.Test;

/**
 * What the breaker counts, from the exceptions the send path throws (their Redis behaviour is tested against a real
 * Redis in {@code ProducerCircuitBreakerIT}; here only the classification and the state machine's configuration).
 */
class SendBreakerTest {

    private static StreamSendException lost() {
        return new StreamSendException("Cannot send", new RedisConnectionException("connection reset", null));
    }

    private static StreamSendException refused() {
        return new StreamSendException("Cannot send", new RedisCommandException("WRONGTYPE Operation", null));
    }

    private static void fail(SendBreaker breaker, RuntimeException e) {
        assertThatThrownBy(() -> breaker.call(() -> {
            throw e;
        })).isSameAs(e);
    }

    @Test
    void opensOnlyAfterTheRunOfConnectionFailures() {
        SendBreaker breaker = new SendBreaker("t", 3, 60_000);
        fail(breaker, lost());
        fail(breaker, lost());
        assertThat(breaker.call(() -> "ok")).isEqualTo("ok"); // a success breaks the run
        fail(breaker, lost());
        fail(breaker, lost());
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.CLOSED);
        fail(breaker, lost());
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.OPEN);
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> breaker.call(ran::incrementAndGet)).isInstanceOf(CircuitOpenException.class);
        assertThat(ran).hasValue(0);
        assertThat(breaker.snapshot().rejectedCalls()).isEqualTo(1);
        assertThat(breaker.snapshot().connectionFailures()).isEqualTo(5);
    }

    @Test
    void commandErrorsAndCallerErrorsNeverCount() {
        SendBreaker breaker = new SendBreaker("t", 2, 60_000);
        for (int i = 0; i < 10; i++) {
            fail(breaker, refused());
            fail(breaker, new IllegalArgumentException("stream must not be empty"));
            fail(breaker, new PayloadMappingException("cannot map", null));
            fail(breaker, new RedisPipelineException("partly", Arrays.asList("1-0", null),
                    Arrays.asList(null, new RedisCommandException("OOM", null))));
        }
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().connectionFailures()).isZero();
    }

    @Test
    void aPipelineWithAWrongServerReplyIsConnectionLevel() {
        assertThat(SendBreaker.connectionLevel(new RedisPipelineException("partly", Arrays.asList("1-0", null),
                Arrays.asList(null, new RedisConnectionException("READONLY", null, true))))).isTrue();
        assertThat(SendBreaker.connectionLevel(refused())).isFalse();
    }

    @Test
    void afterTheCoolDownOneProbeDecides() {
        SendBreaker breaker = new SendBreaker("t", 1, 1);
        fail(breaker, lost());
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.OPEN);
        await().atMost(Duration.ofSeconds(1)).until(() -> !breaker.refusesNow()); // a cool-down of 1 ms
        assertThat(breaker.tryPermit()).as("the probe").isTrue();
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryPermit()).as("a second call while the probe runs").isFalse();
        assertThat(breaker.refusal().retryAfter()).isZero();
        breaker.record(System.nanoTime(), new IllegalStateException("the caller's own problem"));
        assertThat(breaker.tryPermit()).as("a probe that counted nothing gives its permission back").isTrue();
        breaker.record(System.nanoTime(), null);
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().timesOpened()).isEqualTo(1);
    }

    @Test
    void disabledLetsEverythingThrough() {
        SendBreaker breaker = SendBreaker.disabled();
        for (int i = 0; i < 20; i++) {
            fail(breaker, lost());
        }
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.DISABLED);
        assertThat(breaker.call(() -> "ok")).isEqualTo("ok");
    }
}
