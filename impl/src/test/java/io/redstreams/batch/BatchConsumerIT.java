package io.redstreams.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.BatchFailedException;
import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.Order;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Batch consumers: {@code List<T>} and {@code List<StreamMessage<T>>} parameters; success, a partial failure with
 * {@link BatchFailedException}, a whole-batch failure, undecodable entries, the processing timeout and a shutdown in
 * the middle of a batch.
 */
class BatchConsumerIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Plain {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();
        final List<Long> ids = new CopyOnWriteArrayList<>();

        List<Integer> sizes() {
            return sizes;
        }

        List<Long> ids() {
            return ids;
        }

        void on(@StreamConsumer(stream = "orders", group = "batch", batchSize = 10, batchWaitMs = 200)
                List<Order> orders) {
            sizes.add(orders.size());
            orders.forEach(o -> ids.add(o.id()));
        }
    }

    @Test
    void aBatchMethodGetsUpToBatchSizeEntriesAtOnceAndUndecodableOnesNever() {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Plain.class)) {
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                orders.add(new Order(i, i));
            }
            app.producer().sendAll("orders", orders);
            redis.admin().xadd("orders", StreamEntryID.NEW_ENTRY, Map.of("payload", "{not json"));
            Plain plain = app.bean(Plain.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(plain.ids()).hasSize(25).doesNotHaveDuplicates();
                assertThat(redis.admin().xlen("orders:dlq")).isEqualTo(1);
                assertThat(redis.admin().xpending("orders", "batch").getTotal()).isZero();
            });
            assertThat(plain.sizes()).allSatisfy(size -> assertThat(size).isBetween(1, 10));
            assertThat(plain.sizes().size()).isLessThanOrEqualTo(6); // batches, not one call per entry
            assertThat(redis.admin().xrange("orders:dlq", "-", "+").get(0).getFields().get("error"))
                    .startsWith("undecodable payload: ");
            FaultReport.emit(FaultReport.line("batch-success-and-undecodable", 26, plain.ids().size(), 1, 0, 0,
                    redis.admin().xpending("orders", "batch").getTotal(), start) + " batches=" + plain.sizes());
        }
    }

    @ApplicationScoped
    public static class Picky {
        final Map<Long, Integer> attempts = new ConcurrentHashMap<>();
        final AtomicInteger wholeBatchFailures = new AtomicInteger();

        Map<Long, Integer> attempts() {
            return attempts;
        }

        /** Odd ids always fail (named by index); the first batch with id 100+ fails as a whole once. */
        void on(@StreamConsumer(stream = "picky", group = "g", batchSize = 8, maxDeliveries = 3, batchWaitMs = 50)
                List<StreamMessage<Order>> batch) {
            List<Integer> failed = new ArrayList<>();
            boolean hasLarge = false;
            for (int i = 0; i < batch.size(); i++) {
                long id = batch.get(i).payload().id();
                attempts.merge(id, 1, Integer::sum);
                hasLarge |= id >= 100;
                if (id < 100 && id % 2 == 1) {
                    failed.add(i);
                }
            }
            if (hasLarge && wholeBatchFailures.getAndIncrement() == 0) {
                throw new IllegalStateException("the whole batch fails once");
            }
            if (!failed.isEmpty()) {
                throw new BatchFailedException("odd ids are refused", null, failed);
            }
        }
    }

    @Test
    void namedFailuresAreRetriedAloneAndDeadLetteredOneByOneWhileTheRestIsAcknowledged() {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class)) {
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                orders.add(new Order(i, i));
            }
            app.producer().sendAll("picky", orders);
            Picky picky = app.bean(Picky.class);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(redis.admin().xlen("picky:dlq")).isEqualTo(10);
                assertThat(redis.admin().xpending("picky", "g").getTotal()).isZero();
            });
            // evens once, odds maxDeliveries times
            assertThat(picky.attempts()).hasSize(20).allSatisfy((id, n) ->
                    assertThat(n).isEqualTo(id % 2 == 0 ? 1 : 3));
            List<StreamEntry> dead = redis.admin().xrange("picky:dlq", "-", "+");
            assertThat(dead).allSatisfy(e -> {
                assertThat(e.getFields().get("error")).contains("BatchFailedException: odd ids are refused");
                assertThat(e.getFields().get("deliveries")).isEqualTo("3");
            });

            // a whole-batch failure: every entry of it is delivered again, then acknowledged
            List<Order> large = new ArrayList<>();
            for (int i = 100; i < 105; i++) {
                large.add(new Order(i, i));
            }
            app.producer().sendAll("picky", large);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(redis.admin().xpending("picky", "g").getTotal()).isZero();
                for (long id = 100; id < 105; id++) {
                    assertThat(picky.attempts()).containsEntry(id, 2);
                }
            });
            assertThat(redis.admin().xlen("picky:dlq")).isEqualTo(10);
            long handled = picky.attempts().keySet().stream().filter(id -> id >= 100 || id % 2 == 0).count();
            FaultReport.emit(FaultReport.line("batch-partial-and-whole-failure", 25, handled, dead.size(), 0,
                    25 - handled - dead.size(), redis.admin().xpending("picky", "g").getTotal(), start));
        }
    }

    @ApplicationScoped
    public static class Slow {
        final AtomicInteger calls = new AtomicInteger();
        final Map<Long, Integer> handled = new ConcurrentHashMap<>();
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile boolean hang = true;

        AtomicInteger calls() {
            return calls;
        }

        Map<Long, Integer> handled() {
            return handled;
        }

        CountDownLatch entered() {
            return entered;
        }

        void hang(boolean hang) {
            this.hang = hang;
        }

        void on(@StreamConsumer(stream = "slow", group = "g", batchSize = 5, processingTimeoutMs = 400,
                batchWaitMs = 300) List<Order> orders) throws InterruptedException {
            calls.incrementAndGet();
            entered.countDown();
            if (hang) {
                hang = false;
                new CountDownLatch(1).await(); // until interrupted: by the processing timeout or the shutdown
            }
            orders.forEach(o -> handled.merge(o.id(), 1, Integer::sum));
        }
    }

    @Test
    void aBatchOverItsProcessingTimeoutFailsAsAWholeAndIsDeliveredAgain() {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Slow.class)) {
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                orders.add(new Order(i, i));
            }
            app.producer().sendAll("slow", orders);
            Slow slow = app.bean(Slow.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(slow.handled()).hasSize(5);
                assertThat(redis.admin().xpending("slow", "g").getTotal()).isZero();
            });
            assertThat(slow.handled().values()).containsOnly(1);
            assertThat(redis.admin().exists("slow:dlq")).isFalse();
            FaultReport.emit(FaultReport.line("batch-processing-timeout", 5, slow.handled().size(), 0, 0, 0,
                    redis.admin().xpending("slow", "g").getTotal(), start) + " calls=" + slow.calls().get());
        }
    }

    @Test
    void aShutdownInTheMiddleOfABatchLeavesItsEntriesPendingForTheNextStart() throws Exception {
        long start = System.nanoTime();
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.shutdown-timeout-ms", "500");
        config.put("redstreams.consumer.name", "stable");
        config.put("redstreams.consumers.slow.g.processing-timeout-ms", "60000");
        try (WeldApp app = WeldApp.start(config, Slow.class)) {
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                orders.add(new Order(i, i));
            }
            app.producer().sendAll("slow", orders);
            assertThat(app.bean(Slow.class).entered().await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } // closes while the batch hangs: interrupted after 500 ms
        assertThat(redis.admin().xpending("slow", "g").getTotal()).isEqualTo(5);
        try (WeldApp app = WeldApp.start(config, Slow.class)) {
            Slow slow = app.bean(Slow.class);
            slow.hang(false);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(slow.handled()).hasSize(5);
                assertThat(redis.admin().xpending("slow", "g").getTotal()).isZero();
            });
            assertThat(slow.handled().values()).containsOnly(1);
            FaultReport.emit(FaultReport.line("batch-shutdown-mid-batch", 5, slow.handled().size(), 0, 0,
                    5 - slow.handled().size(), redis.admin().xpending("slow", "g").getTotal(), start));
        }
    }

    @ApplicationScoped
    public static class Wrong {
        @SuppressWarnings("rawtypes")
        void raw(@StreamConsumer(stream = "b1", group = "g") List raw) {
        }

        void objects(@StreamConsumer(stream = "b2", group = "g") List<Object> objects) {
        }
    }

    @Test
    void aBatchParameterWithoutAPayloadTypeFailsTheDeploymentNamingTheMethod() {
        String c = Wrong.class.getName() + "#";
        assertThatThrownBy(() -> WeldApp.start(WeldApp.defaults(redis), Wrong.class).close())
                .hasMessageContaining(c + "raw: Object is not a payload type")
                .hasMessageContaining(c + "objects: Object is not a payload type");
    }
}
