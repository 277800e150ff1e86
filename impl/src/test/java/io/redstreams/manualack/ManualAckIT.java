package io.redstreams.manualack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.Acknowledgement;
import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Manual acknowledgement: an {@link Acknowledgement} parameter; ack later or from another thread, nack with a delay,
 * neither within the processing timeout (failed), twice, after shutdown.
 */
class ManualAckIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    /** Hands every delivery's acknowledgement to the test, which decides from its own thread. */
    @ApplicationScoped
    public static class Deferred {
        final BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();

        record Delivered(StreamMessage<String> message, Acknowledgement ack, long atNanos) {
        }

        BlockingQueue<Delivered> delivered() {
            return delivered;
        }

        void on(@StreamConsumer(stream = "jobs", group = "workers", concurrency = 2, maxDeliveries = 3,
                processingTimeoutMs = 3000) StreamMessage<String> message, Acknowledgement ack) {
            delivered.add(new Delivered(message, ack, System.nanoTime()));
        }
    }

    @Test
    void anAckFromAnotherThreadAcknowledgesOnceAndANackWithADelayRedeliversAfterIt() throws Exception {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Deferred.class)) {
            app.producer().send("jobs", "a");
            app.producer().send("jobs", "b");
            BlockingQueue<Deferred.Delivered> delivered = app.bean(Deferred.class).delivered();
            Deferred.Delivered a = delivered.poll(10, TimeUnit.SECONDS);
            Deferred.Delivered b = delivered.poll(10, TimeUnit.SECONDS);
            assertThat(List.of(a.message().payload(), b.message().payload())).containsExactlyInAnyOrder("a", "b");
            // the method returned long ago; both are still pending until decided
            assertThat(redis.admin().xpending("jobs", "workers").getTotal()).isEqualTo(2);

            assertThat(a.ack().ack()).isTrue();
            assertThat(a.ack().ack()).isFalse(); // decided already
            assertThat(a.ack().nack()).isFalse();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("jobs", "workers").getTotal()).isEqualTo(1));

            long nackedAt = System.nanoTime();
            assertThat(b.ack().nack(Duration.ofMillis(400))).isTrue();
            Deferred.Delivered again = delivered.poll(10, TimeUnit.SECONDS);
            assertThat(again.message().id()).isEqualTo(b.message().id());
            assertThat(again.message().deliveryCount()).isEqualTo(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(again.atNanos() - nackedAt)).isGreaterThanOrEqualTo(380);
            assertThat(again.ack().ack()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("jobs", "workers").getTotal()).isZero());
            assertNoSlotLeaked(app, 10);
            assertThat(redis.admin().exists("jobs:dlq")).isFalse();
            FaultReport.emit(FaultReport.line("manual-ack-foreign-thread-and-nack", 2, 2, 0, 0, 0,
                    redis.admin().xpending("jobs", "workers").getTotal(), start));
        }
    }

    @ApplicationScoped
    public static class Forgetful {
        final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        final List<Acknowledgement> acks = new CopyOnWriteArrayList<>();

        Map<String, Integer> deliveries() {
            return deliveries;
        }

        List<Acknowledgement> acks() {
            return acks;
        }

        void on(@StreamConsumer(stream = "forgotten", group = "g", maxDeliveries = 2, processingTimeoutMs = 300)
                StreamMessage<String> message, Acknowledgement ack) {
            deliveries.merge(message.payload(), 1, Integer::sum);
            acks.add(ack);
            if (message.payload().startsWith("ok")) {
                ack.ack();
            } else if (message.payload().startsWith("nack")) {
                ack.nack();
            }
            // else: neither, ever
        }
    }

    @Test
    void neitherAckedNorNackedByTheProcessingTimeoutIsAFailureAndRepeatedNacksEndInTheDeadLetters() {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Forgetful.class)) {
            app.producer().send("forgotten", "ok-1");
            app.producer().send("forgotten", "silent-1");
            app.producer().send("forgotten", "nack-1");
            app.producer().send("forgotten", "ok-2");
            Forgetful bean = app.bean(Forgetful.class);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(redis.admin().xlen("forgotten:dlq")).isEqualTo(2);
                assertThat(redis.admin().xpending("forgotten", "g").getTotal()).isZero();
            });
            assertThat(bean.deliveries()).containsEntry("ok-1", 1).containsEntry("ok-2", 1)
                    .containsEntry("silent-1", 2).containsEntry("nack-1", 2);
            List<StreamEntry> dead = redis.admin().xrange("forgotten:dlq", "-", "+");
            assertThat(dead).extracting(e -> e.getFields().get("error")).anySatisfy(error ->
                    assertThat(error).contains("processing timeout after 300 ms"))
                    .anySatisfy(error -> assertThat(error).contains("nacked by the method"));
            // late decisions change nothing
            bean.acks().forEach(ack -> assertThat(ack.ack()).isFalse());
            assertNoSlotLeaked(app, 10);
            FaultReport.emit(FaultReport.line("manual-ack-timeout-and-nack", 4, 2, dead.size(), 0, 0,
                    redis.admin().xpending("forgotten", "g").getTotal(), start));
        }
    }

    @Test
    void anEntryWaitingForItsAckWhenTheApplicationStopsStaysPendingAndALateAckIsHarmless() throws Exception {
        long start = System.nanoTime();
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.shutdown-timeout-ms", "500");
        config.put("redstreams.consumer.name", "stable");
        Acknowledgement late;
        String id;
        try (WeldApp app = WeldApp.start(config, Deferred.class)) {
            app.producer().send("jobs", "waits");
            Deferred.Delivered d = app.bean(Deferred.class).delivered().poll(10, TimeUnit.SECONDS);
            late = d.ack();
            id = d.message().id();
        }
        assertThat(late.ack()).isFalse(); // after shutdown: no effect, no exception
        assertThat(redis.admin().xpending("jobs", "workers").getTotal()).isEqualTo(1);
        try (WeldApp app = WeldApp.start(config, Deferred.class)) {
            Deferred.Delivered again = app.bean(Deferred.class).delivered().poll(10, TimeUnit.SECONDS);
            assertThat(again.message().id()).isEqualTo(id);
            assertThat(again.ack().ack()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("jobs", "workers").getTotal()).isZero());
        }
        FaultReport.emit(FaultReport.line("manual-ack-shutdown-while-waiting", 1, 1, 0, 0, 0,
                redis.admin().xpending("jobs", "workers").getTotal(), start));
    }

    /** Slots in use are 0, or the whole batch a blocked read reserved: never one more. */
    static void assertNoSlotLeaked(WeldApp app, int batchSize) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(app.consumers().inFlight()).isIn(0, batchSize));
    }

    /** Decides on a pool of its own, twice each time: ids divisible by 7 are nacked once, then acknowledged. */
    @ApplicationScoped
    public static class Busy {
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        final Map<Long, Integer> deliveries = new ConcurrentHashMap<>();
        final java.util.Set<Long> acked = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();

        Map<Long, Integer> deliveries() {
            return deliveries;
        }

        java.util.Set<Long> acked() {
            return acked;
        }

        int duplicates() {
            return duplicates.get();
        }

        void shutdown() {
            pool.shutdownNow();
        }

        void on(@StreamConsumer(stream = "busy", group = "g", concurrency = 4, batchSize = 20)
                io.redstreams.cdi.Order order, Acknowledgement ack) {
            int n = deliveries.merge(order.id(), 1, Integer::sum);
            pool.submit(() -> {
                if (order.id() % 7 == 0 && n == 1) {
                    ack.nack(Duration.ofMillis(20));
                    ack.ack(); // too late: no effect
                } else {
                    if (ack.ack() && !acked.add(order.id())) {
                        duplicates.incrementAndGet();
                    }
                    ack.nack(); // too late: no effect
                }
            });
        }
    }

    @Test
    void manyEntriesDecidedOnForeignThreadsLeakNoSlotAndLoseNothing() {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Busy.class)) {
            List<io.redstreams.cdi.Order> orders = new java.util.ArrayList<>();
            for (int i = 1; i <= 500; i++) {
                orders.add(new io.redstreams.cdi.Order(i, i));
            }
            app.producer().sendAll("busy", orders);
            Busy busy = app.bean(Busy.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(busy.acked()).hasSize(500);
                assertThat(redis.admin().xpending("busy", "g").getTotal()).isZero();
            });
            assertThat(busy.deliveries()).allSatisfy((id, n) -> assertThat(n).isEqualTo(id % 7 == 0 ? 2 : 1));
            assertThat(redis.admin().exists("busy:dlq")).isFalse();
            assertNoSlotLeaked(app, 20);
            busy.shutdown();
            FaultReport.emit(FaultReport.line("manual-ack-foreign-threads-load", 500, busy.acked().size(), 0,
                    busy.duplicates(), 500 - busy.acked().size(), redis.admin().xpending("busy", "g").getTotal(),
                    start));
        }
    }

    @ApplicationScoped
    public static class Wrong {
        CompletionStage<Void> stage(@StreamConsumer(stream = "w1", group = "g") String s, Acknowledgement ack) {
            return null;
        }

        void twice(@StreamConsumer(stream = "w2", group = "g") String s, Acknowledgement a, Acknowledgement b) {
        }

        void batch(@StreamConsumer(stream = "w3", group = "g") List<String> s, Acknowledgement ack) {
        }
    }

    @Test
    void wrongManualAckDeclarationsFailTheDeploymentNamingTheMethods() {
        String c = Wrong.class.getName() + "#";
        assertThatThrownBy(() -> WeldApp.start(WeldApp.defaults(redis), Wrong.class).close())
                .hasMessageContaining(c + "stage: takes an Acknowledgement, so it must return void")
                .hasMessageContaining(c + "twice: has more than one Acknowledgement parameter")
                .hasMessageContaining(c + "batch: a batch (List) consumer cannot take an Acknowledgement parameter");
    }
}
