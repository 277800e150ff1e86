package io.redstreams.consumers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Case 2 of issue 9, the rule: acknowledgements of one stream or group never wait on another's failure; an
 * acknowledgement that can never succeed (here WRONGTYPE) is dropped with one log line after a bounded number of
 * tries, and the entry stays pending (delivered again later: at least once, not lost).
 */
class IndependentAcksIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final CountDownLatch RELEASE_A = new CountDownLatch(1);
    static final CountDownLatch A_STARTED = new CountDownLatch(1);

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class OnA {
        void on(@StreamConsumer(stream = "a", group = "g") String s) throws InterruptedException {
            A_STARTED.countDown();
            RELEASE_A.await(30, TimeUnit.SECONDS);
        }
    }

    @ApplicationScoped
    public static class OnB {
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        void on(@StreamConsumer(stream = "b", group = "g", concurrency = 4) StreamMessage<String> m) {
            seen.add(m.id());
        }

        int seen() {
            return seen.size();
        }
    }

    @Test
    void aStreamWhoseAckIsRefusedHoldsNoOtherStreamHostage() throws Exception {
        long start = System.nanoTime();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("io.redstreams.impl.consumer.AckFlusher");
        Handler collector = DeadLetterWriteIT.collector(warnings);
        log.addHandler(collector);
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), OnA.class, OnB.class)) {
            StreamProducer producer = app.producer();
            producer.send("a", "held");
            assertThat(A_STARTED.await(10, TimeUnit.SECONDS)).isTrue();
            var jedis = redis.admin();
            jedis.del("a");
            jedis.set("a", "now a string");
            RELEASE_A.countDown(); // its XACK now answers WRONGTYPE

            for (int i = 0; i < 1000; i++) {
                producer.send("b", "b-" + i);
            }
            OnB onB = app.bean(OnB.class);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(onB.seen()).isEqualTo(1000);
                assertThat(jedis.xpending("b", "g").getTotal()).isZero();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings.stream()
                    .anyMatch(w -> w.contains("dropped 1 acknowledgement(s) of stream a") && w.contains("WRONGTYPE")));
            // more acks of b go out while a stays broken, and a's refusal is not logged again and again
            for (int i = 1000; i < 1100; i++) {
                producer.send("b", "b-" + i);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(onB.seen()).isEqualTo(1100);
                assertThat(jedis.xpending("b", "g").getTotal()).isZero();
            });
            assertThat(warnings.stream().filter(w -> w.contains("of stream a"))).hasSize(1);
            FaultReport.emit(FaultReport.line("ack-refused-on-one-stream", 1101, onB.seen() + 1, 0, 0, 0, 0, start)
                    + " ack-warnings=" + warnings.size());
        } finally {
            log.removeHandler(collector);
        }
    }
}
