package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
import io.redstreams.StreamProducer;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Concurrency is bounded as declared; closing the container drains running methods within the
 * shutdown timeout, acknowledges what completed, leaves the rest pending and closes every
 * connection.
 */
class LifecycleIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Parallel {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        void on(@StreamConsumer(stream = "work", group = "g", concurrency = 4, batchSize = 5) String item)
                throws InterruptedException {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                gate.await(10, TimeUnit.SECONDS);
            } finally {
                running.decrementAndGet();
                done.incrementAndGet();
            }
        }

        AtomicInteger running() {
            return running;
        }

        AtomicInteger maxRunning() {
            return maxRunning;
        }

        AtomicInteger done() {
            return done;
        }

        void gate(CountDownLatch latch) {
            this.gate = latch;
        }
    }

    @Test
    void concurrencyAndInFlightAreBounded() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Parallel.class)) {
            Parallel parallel = app.bean(Parallel.class);
            CountDownLatch gate = new CountDownLatch(1);
            parallel.gate(gate);
            app.bean(StreamProducer.class).sendAll("work", java.util.Collections.nCopies(100, "x"));

            await().atMost(Duration.ofSeconds(10)).until(() -> parallel.running().get() == 4);
            // 4 running + at most batchSize (5) queued in the JVM; the rest stays in Redis.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(app.extension().consumers().inFlight()).isBetween(4, 9));
            assertThat(parallel.maxRunning().get()).isEqualTo(4);

            gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> parallel.done().get() == 100);
            assertThat(parallel.maxRunning().get()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("work", "g").getTotal()).isZero());
        }
    }

    @Test
    void configurationOverridesTheAnnotationPerConsumer() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumers.work.g.concurrency", "2");
        config.put("redstreams.consumers.work.g.batch-size", "3");
        try (WeldApp app = WeldApp.start(config, Parallel.class)) {
            Parallel parallel = app.bean(Parallel.class);
            CountDownLatch gate = new CountDownLatch(1);
            parallel.gate(gate);
            app.bean(StreamProducer.class).sendAll("work", java.util.Collections.nCopies(20, "x"));
            await().atMost(Duration.ofSeconds(10)).until(() -> parallel.running().get() == 2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(app.extension().consumers().inFlight()).isBetween(2, 5));
            gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> parallel.done().get() == 20);
            assertThat(parallel.maxRunning().get()).isEqualTo(2);
        }
    }

    @ApplicationScoped
    public static class Slow {
        final List<String> completed = new CopyOnWriteArrayList<>();
        final AtomicInteger started = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        void on(@StreamConsumer(stream = "slow", group = "g", concurrency = 2, batchSize = 2) String item)
                throws InterruptedException {
            started.incrementAndGet();
            if (item.startsWith("quick")) {
                completed.add(item);
                return;
            }
            release.await(); // until interrupted by the shutdown timeout
            completed.add(item);
        }

        List<String> completed() {
            return completed;
        }

        AtomicInteger started() {
            return started;
        }
    }

    @Test
    void shutdownDrainsWithinTheTimeoutAcksCompletedWorkAndClosesEveryConnection() throws Exception {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.shutdown-timeout-ms", "1000");
        WeldApp app = WeldApp.start(config, Slow.class);
        Slow slow = app.bean(Slow.class);
        StreamProducer producer = app.bean(StreamProducer.class);
        producer.send("slow", "quick-1");
        producer.send("slow", "quick-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.completed().size() == 2);
        producer.send("slow", "stuck-1");
        producer.send("slow", "stuck-2");
        producer.send("slow", "waiting-3");
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.started().get() == 4);
        assertThat(redis.countClients("redstreams")).isPositive();

        long start = System.nanoTime();
        app.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(tookMs).as("close() took %d ms", tookMs).isLessThan(1000 + 2500);
        assertThat(redis.countClients("redstreams")).isZero();
        // the two quick ones were acknowledged; the interrupted ones and the queued one stay pending
        assertThat(redis.admin().xpending("slow", "g").getTotal()).isEqualTo(3);

        // ... and are processed on the next start
        try (WeldApp again = WeldApp.start(WeldApp.defaults(redis), Quick.class)) {
            Quick quick = again.bean(Quick.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(quick.seen()).containsExactlyInAnyOrder("stuck-1", "stuck-2", "waiting-3"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("slow", "g").getTotal()).isZero());
        }
        assertThat(redis.countClients("redstreams")).isZero();
    }

    @ApplicationScoped
    public static class Quick {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "slow", group = "g") String item) {
            seen.add(item);
        }

        List<String> seen() {
            return seen;
        }
    }
}
