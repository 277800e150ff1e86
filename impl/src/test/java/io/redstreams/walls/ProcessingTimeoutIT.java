package io.redstreams.walls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.Ledger;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Case 7 of issue 9: a delivery that outlives its processing timeout counts as failed (retried, then dead-lettered
 * with the reason "processing timeout ..."), whether it is a stage that never completes or a method that blocks;
 * the consumer goes on, even at concurrency 1. A method that ignores the interrupt keeps its slot until it returns,
 * then its delivery counts as failed and is retried. The timeout is set per consumer by configuration.
 */
class ProcessingTimeoutIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();
    static final Map<String, Long> STUBBORN_DELIVERIES = new ConcurrentHashMap<>();

    @ApplicationScoped
    public static class Slow {
        CompletionStage<?> stage(@StreamConsumer(stream = "to-stage", group = "g", maxDeliveries = 2) String item) {
            if (item.equals("hang")) {
                return new CompletableFuture<>(); // never completes
            }
            HANDLED.add("to-stage/" + item);
            return CompletableFuture.completedFuture(null);
        }

        void blocking(@StreamConsumer(stream = "to-block", group = "g", maxDeliveries = 2) String item)
                throws InterruptedException {
            if (item.equals("hang")) {
                new CountDownLatch(1).await(); // blocks until interrupted
            }
            HANDLED.add("to-block/" + item);
        }

        void stubborn(@StreamConsumer(stream = "to-stubborn", group = "g", concurrency = 2, maxDeliveries = 3)
                StreamMessage<String> message) {
            STUBBORN_DELIVERIES.merge(message.id(), 1L, Long::sum);
            if (message.deliveryCount() == 1) {
                ignoreInterruptsFor(1500);
            }
            HANDLED.add("to-stubborn/" + message.payload());
        }
    }

    /** Waits that long, swallowing every interrupt (the input of the case: a method that ignores interrupts). */
    static void ignoreInterruptsFor(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        CountDownLatch never = new CountDownLatch(1);
        while (System.nanoTime() < deadline) {
            try {
                never.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException swallowed) {
                // ignored on purpose
            }
        }
    }

    @Test
    @Timeout(120)
    void aDeliveryPastItsTimeoutFailsAndTheConsumerGoesOn() {
        redis.flushAll();
        HANDLED.clear();
        Map<String, String> config = WeldApp.defaults(redis);
        for (String stream : List.of("to-stage", "to-block", "to-stubborn")) {
            config.put("redstreams.consumers." + stream + ".g.processing-timeout-ms", "500");
        }
        try (WeldApp app = WeldApp.start(config, Slow.class)) {
            StreamProducer producer = app.producer();
            long start = System.nanoTime();
            for (String stream : List.of("to-stage", "to-block")) {
                producer.send(stream, "hang");
                producer.sendAll(stream, List.of("a", "b", "c"));
            }
            producer.send("to-stubborn", "s");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String stream : List.of("to-stage", "to-block")) {
                    assertThat(HANDLED).contains(stream + "/a", stream + "/b", stream + "/c");
                    Map<String, String> dead = Ledger.deadLetters(redis.admin(), stream + ":dlq", stream, "g");
                    assertThat(dead.values()).as(stream).singleElement().asString()
                            .contains("processing timeout after 500 ms");
                    assertThat(redis.admin().xpending(stream, "g").getTotal()).as(stream).isZero();
                }
                assertThat(HANDLED).contains("to-stubborn/s");
                assertThat(redis.admin().xpending("to-stubborn", "g").getTotal()).isZero();
            });
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(STUBBORN_DELIVERIES.values()).singleElement().isEqualTo(2L);
            System.out.println("case 7: hung stage and blocked method dead-lettered after 2 timeouts of 500 ms,"
                    + " stubborn method retried once; all done in " + tookMs + " ms");
        }
    }
}
