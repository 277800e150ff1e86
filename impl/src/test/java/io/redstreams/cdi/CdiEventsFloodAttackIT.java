package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.events.DeadLettered;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

/**
 * An {@code @ObservesAsync} observer that blocks until the test ends, under a flood of dead letters larger than the
 * event queue (10,000): consumers must not stall, and the events waiting for the stuck observer must stay bounded
 * (the README: "when full, events are dropped with a warning").
 */
class CdiEventsFloodAttackIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    static final int FLOOD = 12_000;

    @ApplicationScoped
    public static class Stuck {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();
        final AtomicInteger seen = new AtomicInteger();

        void blocks(@ObservesAsync DeadLettered event) throws InterruptedException {
            entered.incrementAndGet();
            RELEASE.await(120, TimeUnit.SECONDS); // stuck (safety cap only)
            seen.incrementAndGet();
        }

        int entered() {
            return entered.get();
        }

        int seen() {
            return seen.get();
        }
    }

    @ApplicationScoped
    public static class AllFail {
        void on(@StreamConsumer(stream = "flood", group = "g", maxDeliveries = 1) String s) {
            throw new IllegalArgumentException("bad " + s);
        }
    }

    @Test
    void aStuckObserverNeitherStallsConsumersNorHoldsMoreThanTheQueueBound() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), AllFail.class, Stuck.class)) {
            Stuck stuck = app.bean(Stuck.class);
            try {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < FLOOD; i++) {
                    batch.add("p" + i);
                    if (batch.size() == 1000) {
                        app.producer().sendAll("flood", batch);
                        batch.clear();
                    }
                }
                await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
                    assertThat(redis.admin().xlen("flood:dlq")).isEqualTo(FLOOD);
                    assertThat(redis.admin().xpending("flood", "g").getTotal()).isZero();
                });
                assertThat(Stuck.RELEASE.getCount()).isEqualTo(1);
            } finally {
                Stuck.RELEASE.countDown();
            }
            // released: what was held for the stuck observer is delivered now; more than the bound means unbounded
            await().atMost(Duration.ofMinutes(2)).during(Duration.ofSeconds(3))
                    .until(() -> stuck.seen() == stuck.entered());
            int delivered = stuck.seen();
            System.out.println("stuck observer under " + FLOOD + " dead letters: all dead-lettered and acked while it"
                    + " was stuck; events held for it and delivered after release " + delivered
                    + " (bound 10,000 waiting + executor threads), dropped " + (FLOOD - delivered));
            assertThat(delivered).as("events held in memory for a stuck observer").isLessThanOrEqualTo(10_000 + 64);
        }
    }
}
