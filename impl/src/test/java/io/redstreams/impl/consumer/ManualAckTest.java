package io.redstreams.impl.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The decision of a {@link ManualAck}: the first call wins, whatever thread; closing decides what is still open. */
class ManualAckTest {

    @Test
    void theFirstDecisionWinsAndLaterCallsChangeNothing() {
        ManualAck ack = new ManualAck();
        assertThat(ack.ack()).isTrue();
        assertThat(ack.ack()).isFalse();
        assertThat(ack.nack(Duration.ofSeconds(1))).isFalse();
        assertThat(ack.close(new IllegalStateException("timeout"))).isNull(); // acknowledged before the timeout
    }

    @Test
    void aNackCarriesItsDelayAndANullOrNegativeDelayMeansAtOnce() {
        ManualAck later = new ManualAck();
        assertThat(later.nack(Duration.ofMillis(250))).isTrue();
        assertThat(later.close(null)).isInstanceOfSatisfying(ManualAck.Nacked.class,
                n -> assertThat(n.delayMs()).isEqualTo(250));
        ManualAck now = new ManualAck();
        assertThat(now.nack(Duration.ofMillis(-5))).isTrue();
        assertThat(((ManualAck.Nacked) now.close(null)).delayMs()).isZero();
        ManualAck none = new ManualAck();
        assertThat(none.nack(null)).isTrue();
        assertThat(((ManualAck.Nacked) none.close(null)).delayMs()).isZero();
    }

    @Test
    void closingAnOpenOneDecidesItsFateAndLaterCallsReturnFalse() {
        ManualAck ack = new ManualAck();
        ProcessingTimeoutException timeout = new ProcessingTimeoutException(
                "processing timeout after 10 ms: its CompletionStage did not complete");
        Throwable fate = ack.close(timeout);
        assertThat(fate).isInstanceOf(ProcessingTimeoutException.class)
                .hasMessage("processing timeout after 10 ms: neither acknowledged nor nacked");
        assertThat(ack.ack()).isFalse();
        assertThat(ack.nack()).isFalse();
        assertThat(ack.close(null)).isSameAs(fate);
    }

    @Test
    void racingThreadsDecideExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 500; round++) {
                ManualAck ack = new ManualAck();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> calls = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int which = t;
                    calls.add(pool.submit(() -> {
                        go.await();
                        return switch (which % 3) {
                            case 0 -> ack.ack();
                            case 1 -> ack.nack(Duration.ofMillis(1));
                            default -> ack.close(new IllegalStateException("timeout")) instanceof IllegalStateException
                                    && !ack.ack();
                        };
                    }));
                }
                go.countDown();
                int deciders = 0;
                for (int t = 0; t < 8; t++) {
                    if (t % 3 != 2 && calls.get(t).get(5, TimeUnit.SECONDS)) {
                        deciders++;
                    } else if (t % 3 == 2) {
                        calls.get(t).get(5, TimeUnit.SECONDS);
                    }
                }
                Throwable fate = ack.close(null);
                // either an ack/nack call decided (exactly one of them), or a close did (none of them)
                assertThat(deciders).isLessThanOrEqualTo(1);
                if (deciders == 0) {
                    assertThat(fate).isInstanceOf(IllegalStateException.class);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
