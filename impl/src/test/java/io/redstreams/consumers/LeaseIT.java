package io.redstreams.consumers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * Case 6 of issue 9, the rule: a live consumer keeps the entries it holds (queued, running, waiting), because their
 * idle time is refreshed well within {@code reclaim-min-idle-ms}; only entries of dead or stopped consumers are
 * reclaimed by siblings. Configurations where that cannot work are refused at start.
 */
class LeaseIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final Map<String, AtomicInteger> HANDLED = new ConcurrentHashMap<>();
    /** Never counted down: the methods wait on it for their working time. */
    static final CountDownLatch NEVER = new CountDownLatch(1);

    @BeforeEach
    void clean() {
        redis.flushAll();
        HANDLED.clear();
    }

    static void work(StreamMessage<String> m, long ms) throws InterruptedException {
        HANDLED.computeIfAbsent(m.id(), k -> new AtomicInteger()).incrementAndGet();
        NEVER.await(ms, TimeUnit.MILLISECONDS);
    }

    @ApplicationScoped
    public static class One {
        void on(@StreamConsumer(stream = "slow", group = "g", consumer = "one", concurrency = 2, batchSize = 2)
                StreamMessage<String> m) throws InterruptedException {
            work(m, 3500);
        }
    }

    @ApplicationScoped
    public static class Two {
        void on(@StreamConsumer(stream = "slow", group = "g", consumer = "two", concurrency = 2, batchSize = 2)
                StreamMessage<String> m) throws InterruptedException {
            work(m, 3500);
        }
    }

    @ApplicationScoped
    public static class Inline {
        void on(@StreamConsumer(stream = "slow1", group = "g", consumer = "solo", batchSize = 3)
                StreamMessage<String> m) throws InterruptedException {
            work(m, 1500);
        }
    }

    @ApplicationScoped
    public static class InlineSibling {
        void on(@StreamConsumer(stream = "slow1", group = "g", consumer = "sibling", batchSize = 3)
                StreamMessage<String> m) throws InterruptedException {
            work(m, 1500);
        }
    }

    static Map<String, String> config() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.reclaim-min-idle-ms", "1000");
        config.put("redstreams.consumer.reclaim-interval-ms", "200");
        return config;
    }

    @Test
    void siblingsNeverTakeEntriesThatALiveSlowConsumerHolds() {
        long start = System.nanoTime();
        int produced = 8;
        try (WeldApp app = WeldApp.start(config(), One.class, Two.class)) {
            for (int i = 0; i < produced; i++) {
                app.producer().send("slow", "s-" + i);
            }
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(HANDLED).hasSize(produced);
                assertThat(redis.admin().xpending("slow", "g").getTotal()).isZero();
            });
        }
        long duplicates = HANDLED.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1).count();
        FaultReport.emit(FaultReport.line("lease-slow-handlers", produced, HANDLED.size(), 0, duplicates, 0, 0, start));
        assertThat(HANDLED.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void atConcurrencyOneTheQueuedAndRunningEntriesAreLeasedToo() {
        long start = System.nanoTime();
        int produced = 6;
        try (WeldApp app = WeldApp.start(config(), Inline.class, InlineSibling.class)) {
            for (int i = 0; i < produced; i++) {
                app.producer().send("slow1", "s-" + i);
            }
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(HANDLED).hasSize(produced);
                assertThat(redis.admin().xpending("slow1", "g").getTotal()).isZero();
            });
        }
        long duplicates = HANDLED.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1).count();
        FaultReport.emit(FaultReport.line("lease-concurrency-1", produced, HANDLED.size(), 0, duplicates, 0, 0, start));
        assertThat(HANDLED.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @ApplicationScoped
    public static class Quick {
        void on(@StreamConsumer(stream = "orphans", group = "g") StreamMessage<String> m) throws InterruptedException {
            work(m, 0);
        }
    }

    @Test
    void entriesOfADeadConsumerAreStillReclaimed() {
        var jedis = redis.admin();
        jedis.xgroupCreate("orphans", "g", new StreamEntryID(0, 0), true);
        for (int i = 0; i < 3; i++) {
            jedis.xadd("orphans", StreamEntryID.NEW_ENTRY, Map.of("payload", "o-" + i));
        }
        // a consumer that read them and died
        jedis.xreadGroup("g", "dead", XReadGroupParams.xReadGroupParams().count(3),
                Map.of("orphans", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        try (WeldApp app = WeldApp.start(config(), Quick.class)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(HANDLED).hasSize(3);
                assertThat(jedis.xpending("orphans", "g").getTotal()).isZero();
            });
        }
        assertThat(HANDLED.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void aLeaseThatCannotKeepUpIsRefusedNamingTheKeys() {
        Map<String, String> config = config();
        config.put("redstreams.consumer.lease-interval-ms", "800");
        assertThatThrownBy(() -> WeldApp.start(config, Quick.class).close())
                .hasStackTraceContaining("redstreams.consumer.lease-interval-ms=800 must be at most half of"
                        + " redstreams.consumer.reclaim-min-idle-ms=1000");
    }
}
