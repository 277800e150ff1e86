package io.redstreams.walls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Case 3 of issue 9: consume, then produce. The producer stays usable until every consumer has drained, so closing
 * the container while four such methods run takes about as long as the slowest of them, every output is sent and
 * every input acknowledged.
 */
class ProducingConsumerShutdownIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final AtomicInteger STARTED = new AtomicInteger();
    static final List<String> FAILURES = new CopyOnWriteArrayList<>();

    @ApplicationScoped
    public static class Relay {
        @Inject
        StreamProducer producer;

        void on(@StreamConsumer(stream = "relay-in", group = "relay", concurrency = 4, batchSize = 4) String item)
                throws InterruptedException {
            STARTED.incrementAndGet();
            Thread.sleep(300); // the input of the case: the method's own work, 300 ms
            try {
                producer.send("relay-out", "out-" + item);
            } catch (RuntimeException e) {
                FAILURES.add(e.toString());
                throw e;
            }
        }
    }

    @Test
    void closingWaitsForRunningMethodsWhoseProducerStillWorks() {
        redis.flushAll();
        STARTED.set(0);
        FAILURES.clear();
        long closeMs;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Relay.class)) {
            app.producer().sendAll("relay-in", List.of("a", "b", "c", "d"));
            await().atMost(Duration.ofSeconds(10)).until(() -> STARTED.get() == 4);
            long start = System.nanoTime();
            app.close();
            closeMs = (System.nanoTime() - start) / 1_000_000;
        }
        System.out.println("case 3: close took " + closeMs + " ms; send failures: " + FAILURES);
        assertThat(FAILURES).isEmpty();
        assertThat(closeMs).as("close time, shutdown timeout is 5000 ms").isLessThan(2000);
        assertThat(redis.admin().xlen("relay-out")).isEqualTo(4);
        assertThat(redis.admin().xpending("relay-in", "relay").getTotal()).isZero();
        assertThat(redis.countClients("redstreams")).isZero();
    }
}
