package io.redstreams.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.redstreams.faults.FaultReport;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.MessageTracing;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.testsupport.RedisExtension;

/**
 * A tracing that throws (from where spans start, or from every method of its spans, Errors included) never loses
 * an entry, never fails a send, and never ends a loop: everything is sent, handled once (or retried and then
 * handled), acknowledged, and the failures are counted.
 */
class ThrowingTracingIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    /** Throws where asked, with an Error for every third call. */
    static final class Nasty implements MessageTracing {
        final boolean atStart;
        final AtomicLong calls = new AtomicLong();

        Nasty(boolean atStart) {
            this.atStart = atStart;
        }

        void blowUp() {
            if (calls.incrementAndGet() % 3 == 0) {
                throw new AssertionError("tracing error");
            }
            throw new IllegalStateException("tracing failure");
        }

        @Override
        public SendSpan startSend(String stream, int count) {
            if (atStart) {
                blowUp();
            }
            return new SendSpan() {
                @Override
                public void inject(Map<String, byte[]> fields) {
                    blowUp();
                }

                @Override
                public void sent(String id) {
                    blowUp();
                }

                @Override
                public void failed(Throwable failure) {
                    blowUp();
                }
            };
        }

        @Override
        public DeliverySpan startDelivery(String stream, String group, RawEntry entry, long deliveryCount) {
            if (atStart) {
                blowUp();
            }
            return new DeliverySpan() {
                @Override
                public void failed(Throwable failure) {
                    blowUp();
                }

                @Override
                public void retryScheduled(long count, long backoffMs) {
                    blowUp();
                }

                @Override
                public void deadLettered(String deadLetterStream, String reason) {
                    blowUp();
                }

                @Override
                public void end() {
                    blowUp();
                }
            };
        }
    }

    @ParameterizedTest(name = "throws at start: {0}")
    @ValueSource(booleans = {true, false})
    void aThrowingTracingLosesNothing(boolean atStart) {
        long start = System.nanoTime();
        Nasty nasty = new Nasty(atStart);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        ConsumerSpec spec = new ConsumerSpec().name("ThrowingTracingIT").stream("traced").group("g").startFrom("0")
                .concurrency(2).maxDeliveries(5).payloadType(String.class).invoker(argument -> {
                    String payload = (String) argument;
                    // every 4th entry fails exactly once (a counter over all calls could fail one entry 5 times)
                    if (Math.floorMod(payload.hashCode(), 4) == 0 && failedOnce.add(payload)) {
                        throw new IllegalStateException("fails now, works when delivered again");
                    }
                    if (!handled.add(payload)) {
                        duplicates.incrementAndGet();
                    }
                    return null;
                });
        Map<String, String> config = Map.of("redstreams.redis.url", redis.url(),
                "redstreams.consumer.block-ms", "200",
                "redstreams.consumer.retry-initial-backoff-ms", "10",
                "redstreams.consumer.retry-max-backoff-ms", "50");
        int produced = 0;
        try (RedStreamsEngine engine = RedStreamsEngine.builder().settings(EngineSettings.fromProperties(config))
                .tracing(nasty).build()) {
            engine.startConsumers(List.of(spec));
            for (int i = 0; i < 40; i++) {
                engine.producer().send("traced", "s-" + i);
                produced++;
            }
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add("b-" + i);
            }
            produced += engine.producer().sendAll("traced", batch).size();
            for (int i = 0; i < 20; i++) {
                engine.producer().sendAsync("traced", "a-" + i).toCompletableFuture().join();
                produced++;
            }
            int total = produced;
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == total
                    && redis.admin().xpending("traced", "g").getTotal() == 0);
            long dlq = redis.admin().exists("traced:dlq") ? redis.admin().xlen("traced:dlq") : 0;
            long pending = redis.admin().xpending("traced", "g").getTotal();
            FaultReport.emit(FaultReport.line("throwing tracing (at start: " + atStart + ")", produced,
                    handled.size(), dlq, duplicates.get(), produced - handled.size(), pending, start)
                    + " tracing-failures=" + engine.tracing().failures());
            assertThat(redis.admin().xlen("traced")).isEqualTo(produced);
            assertThat(handled).hasSize(produced);
            assertThat(duplicates.get()).isZero();
            assertThat(dlq).isZero();
            assertThat(engine.tracing().failures()).isPositive();
        }
    }
}
