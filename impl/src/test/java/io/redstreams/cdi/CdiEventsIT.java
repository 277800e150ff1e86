package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.events.ConsumerOutageBegan;
import io.redstreams.events.ConsumerOutageEnded;
import io.redstreams.events.DeadLettered;
import io.redstreams.events.EntriesClaimed;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * The CDI events of {@code io.redstreams.events}: fired asynchronously for dead letters, consumer outages and
 * claims, seen by {@code @ObservesAsync} observers only, and an observer that throws or blocks never slows a consumer.
 */
class CdiEventsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options());

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Poisoned {
        final AtomicInteger handled = new AtomicInteger();

        void on(@StreamConsumer(stream = "bills", group = "ledger", consumer = "c1", maxDeliveries = 2) String bill) {
            if (bill.startsWith("poison")) {
                throw new IllegalStateException("cannot pay " + bill);
            }
            handled.incrementAndGet();
        }

        int handled() {
            return handled.get();
        }
    }

    @ApplicationScoped
    public static class Watcher {
        final List<DeadLettered> deadLetters = new CopyOnWriteArrayList<>();
        final List<DeadLettered> syncDeadLetters = new CopyOnWriteArrayList<>();
        final List<ConsumerOutageBegan> began = new CopyOnWriteArrayList<>();
        final List<ConsumerOutageEnded> ended = new CopyOnWriteArrayList<>();
        final List<EntriesClaimed> claims = new CopyOnWriteArrayList<>();

        List<DeadLettered> deadLetters() {
            return deadLetters;
        }

        List<DeadLettered> syncDeadLetters() {
            return syncDeadLetters;
        }

        List<ConsumerOutageBegan> began() {
            return began;
        }

        List<ConsumerOutageEnded> ended() {
            return ended;
        }

        List<EntriesClaimed> claims() {
            return claims;
        }

        void dead(@ObservesAsync DeadLettered event) {
            deadLetters.add(event);
        }

        void deadSync(@Observes DeadLettered event) {
            syncDeadLetters.add(event);
        }

        void began(@ObservesAsync ConsumerOutageBegan event) {
            began.add(event);
        }

        void ended(@ObservesAsync ConsumerOutageEnded event) {
            ended.add(event);
        }

        void claimed(@ObservesAsync EntriesClaimed event) {
            claims.add(event);
        }
    }

    @Test
    void anAsyncObserverSeesTheDeadLetterWithItsReason() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Poisoned.class, Watcher.class)) {
            String poison = app.producer().send("bills", "poison-1");
            app.producer().send("bills", "fine-1");
            Watcher watcher = app.bean(Watcher.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(watcher.deadLetters()).hasSize(1));
            DeadLettered event = watcher.deadLetters().get(0);
            assertThat(event.entryId()).isEqualTo(poison);
            assertThat(event.stream()).isEqualTo("bills");
            assertThat(event.group()).isEqualTo("ledger");
            assertThat(event.deadLetterStream()).isEqualTo("bills:dlq");
            assertThat(event.reason()).isEqualTo("java.lang.IllegalStateException: cannot pay poison-1");
            assertThat(event.deliveries()).isEqualTo(2);
            // the dead letter is written and the entry acknowledged when the event is seen
            assertThat(redis.admin().xlen("bills:dlq")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("bills", "ledger").getTotal()).isZero());
            // fired asynchronously only: a synchronous observer is not called
            assertThat(watcher.syncDeadLetters()).isEmpty();
            System.out.println("cdi-events dead-letter: produced=2 handled=" + app.bean(Poisoned.class).handled()
                    + " dead-lettered=" + watcher.deadLetters().size());
        }
    }

    @Test
    void outageBeginsWhenRedisStopsAndEndsWhenItReturns() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Poisoned.class, Watcher.class)) {
            app.producer().send("bills", "fine-1");
            Poisoned poisoned = app.bean(Poisoned.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> poisoned.handled() == 1);
            Watcher watcher = app.bean(Watcher.class);

            redis.server().stop();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(watcher.began()).isNotEmpty());
            ConsumerOutageBegan began = watcher.began().get(0);
            assertThat(began.stream()).isEqualTo("bills");
            assertThat(began.group()).isEqualTo("ledger");
            assertThat(began.consumer()).isEqualTo("c1");
            assertThat(began.reason()).isNotBlank();
            assertThat(watcher.ended()).isEmpty();

            redis.server().restart();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(watcher.ended()).isNotEmpty());
            ConsumerOutageEnded ended = watcher.ended().get(0);
            assertThat(ended.stream()).isEqualTo("bills");
            assertThat(ended.group()).isEqualTo("ledger");
            assertThat(ended.consumer()).isEqualTo("c1");
            assertThat(ended.durationMs()).isPositive();
            assertThat(watcher.began()).hasSize(1); // once per outage, not per failed attempt

            // (the producer's pooled connections died with the server: write with the test's own client)
            redis.admin().xadd("bills", StreamEntryID.NEW_ENTRY, Map.of("payload", "fine-2"));
            await().atMost(Duration.ofSeconds(10)).until(() -> poisoned.handled() == 2);
            System.out.println("cdi-events outage: began=" + watcher.began().size() + " ended=" + watcher.ended().size()
                    + " duration-ms=" + ended.durationMs() + " reason=" + began.reason());
        }
    }

    @ApplicationScoped
    public static class Survivor {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "tasks", group = "crew", consumer = "alive") String task) {
            seen.add(task);
        }

        List<String> seen() {
            return seen;
        }
    }

    @Test
    void claimingADeadConsumersEntriesIsObserved() {
        var jedis = redis.admin();
        jedis.xgroupCreate("tasks", "crew", StreamEntryID.XGROUP_LAST_ENTRY, true);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(jedis.xadd("tasks", StreamEntryID.NEW_ENTRY, Map.of("payload", "t" + i)).toString());
        }
        jedis.xreadGroup("crew", "dead-node", XReadGroupParams.xReadGroupParams().count(10),
                Map.of("tasks", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));

        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.reclaim-min-idle-ms", "300");
        config.put("redstreams.consumer.reclaim-interval-ms", "100");
        try (WeldApp app = WeldApp.start(config, Survivor.class, Watcher.class)) {
            Watcher watcher = app.bean(Watcher.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(watcher.claims().stream().flatMap(c -> c.ids().stream()))
                            .containsExactlyInAnyOrderElementsOf(ids));
            EntriesClaimed claim = watcher.claims().get(0);
            assertThat(claim.stream()).isEqualTo("tasks");
            assertThat(claim.group()).isEqualTo("crew");
            assertThat(claim.consumer()).isEqualTo("alive");
            assertThat(claim.count()).isEqualTo(claim.ids().size());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(app.bean(Survivor.class).seen()).containsExactlyInAnyOrder("t1", "t2", "t3");
                assertThat(jedis.xpending("tasks", "crew").getTotal()).isZero();
            });
            System.out.println("cdi-events claim: pending-of-dead-consumer=3 claimed="
                    + watcher.claims().stream().mapToInt(EntriesClaimed::count).sum() + " events=" + watcher.claims().size());
        }
    }

    @ApplicationScoped
    public static class BadObservers {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        final AtomicInteger blocked = new AtomicInteger();
        final AtomicInteger thrown = new AtomicInteger();
        final List<DeadLettered> seen = new CopyOnWriteArrayList<>();

        void blocks(@ObservesAsync DeadLettered event) throws InterruptedException {
            blocked.incrementAndGet();
            RELEASE.await(5, TimeUnit.SECONDS); // a slow observer: blocks up to 5 s per event
        }

        void fails(@ObservesAsync DeadLettered event) {
            thrown.incrementAndGet();
            throw new IllegalStateException("observer broke");
        }

        void collects(@ObservesAsync DeadLettered event) {
            seen.add(event);
        }

        int blocked() {
            return blocked.get();
        }

        int thrown() {
            return thrown.get();
        }

        List<DeadLettered> seen() {
            return seen;
        }
    }

    @ApplicationScoped
    public static class AllPoison {
        final AtomicInteger handled = new AtomicInteger();

        void on(@StreamConsumer(stream = "mixed", group = "g", maxDeliveries = 1) String s) {
            if (s.startsWith("poison")) {
                throw new IllegalArgumentException("bad " + s);
            }
            handled.incrementAndGet();
        }

        int handled() {
            return handled.get();
        }
    }

    @Test
    void observersThatThrowOrBlockDoNotSlowConsumption() {
        int entries = 40;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), AllPoison.class, BadObservers.class)) {
            BadObservers observers = app.bean(BadObservers.class);
            AllPoison consumer = app.bean(AllPoison.class);
            long start = System.nanoTime();
            try {
                for (int i = 0; i < entries; i++) {
                    app.producer().send("mixed", (i % 2 == 0 ? "poison-" : "fine-") + i);
                }
                // everything handled, dead-lettered and acknowledged while the blocking observer still blocks
                await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
                    assertThat(consumer.handled()).isEqualTo(entries / 2);
                    assertThat(redis.admin().xlen("mixed:dlq")).isEqualTo(entries / 2);
                    assertThat(redis.admin().xpending("mixed", "g").getTotal()).isZero();
                });
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(BadObservers.RELEASE.getCount()).isEqualTo(1);
                assertThat(observers.blocked()).isPositive();
                System.out.println("cdi-events bad observers: produced=" + entries + " handled="
                        + consumer.handled() + " dead-lettered=" + entries / 2 + " acked-all-in-ms=" + tookMs
                        + " observer-blocked=" + observers.blocked());
            } finally {
                BadObservers.RELEASE.countDown();
            }
            // once released, every event still reaches the observers, the failing one included
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(observers.seen()).hasSize(entries / 2);
                assertThat(observers.thrown()).isEqualTo(entries / 2);
            });
        }
    }
}
