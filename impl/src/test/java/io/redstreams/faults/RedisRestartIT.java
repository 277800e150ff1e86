package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Scenario 1, Redis restart mid-stream: messages in flight across two consumer groups of concurrency 4 while the
 * Redis process ({@code --appendonly yes --appendfsync always}, its own temp dir) is stopped and started again
 * twice: once gracefully (SIGTERM), once like a crash (SIGKILL). The producer sees errors while Redis is down and
 * the test retries the batch; consumers resume by themselves. Nothing acknowledged to the producer vanishes,
 * every entry is handled by both groups, duplicates come only from acks lost with the connection and are counted.
 */
class RedisRestartIT {

    static final int MESSAGES = Integer.getInteger("redstreams.faults.restart.messages", 50_000);
    static final int BATCH = 100;
    static final String STREAM = "restart-orders";

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options().appendOnly(true));

    static final Ledger LEDGER = new Ledger();

    @ApplicationScoped
    public static class TwoGroups {
        void billing(@StreamConsumer(stream = STREAM, group = "billing", concurrency = 4) StreamMessage<String> m) {
            LEDGER.handled("billing", m.id());
        }

        void shipping(@StreamConsumer(stream = STREAM, group = "shipping", concurrency = 4) StreamMessage<String> m) {
            LEDGER.handled("shipping", m.id());
        }
    }

    @Test
    @Timeout(240)
    void nothingIsLostWhenRedisRestartsTwiceMidStream() throws Exception {
        long start = System.nanoTime();
        AtomicInteger sendFailures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Long> downtimes = new ArrayList<>();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis.url()), TwoGroups.class)) {
            StreamProducer producer = app.producer();
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producing = new Thread(() -> {
                try {
                    for (int from = 0; from < MESSAGES; from += BATCH) {
                        List<String> batch = new ArrayList<>(BATCH);
                        for (int i = from; i < Math.min(MESSAGES, from + BATCH); i++) {
                            batch.add("m-" + i);
                        }
                        // Redis may be down: the send fails at once with a clear error; the caller retries
                        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                                .pollInterval(Duration.ofMillis(50)).until(() -> {
                                    try {
                                        LEDGER.produced(producer.sendAll(STREAM, batch));
                                        return true;
                                    } catch (StreamSendException e) {
                                        sendFailures.incrementAndGet();
                                        firstFailure.compareAndSet(null, e.getMessage());
                                        return false;
                                    }
                                });
                        sent.addAndGet(batch.size());
                    }
                } catch (Throwable t) {
                    producerFailure.set(t);
                }
            }, "restart-producer");
            producing.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= MESSAGES * 3 / 10);
            downtimes.add(outage(false, () -> sendFailures.get() > 0 || sent.get() >= MESSAGES));
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= MESSAGES * 7 / 10);
            int failuresBeforeCrash = sendFailures.get();
            downtimes.add(outage(true, () -> sendFailures.get() > failuresBeforeCrash || sent.get() >= MESSAGES));

            producing.join(120_000);
            assertThat(producing.isAlive()).as("producer finished").isFalse();
            assertThat(producerFailure.get()).isNull();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                long length = redis.admin().xlen(STREAM);
                assertThat(LEDGER.handledCount("billing")).isEqualTo(length);
                assertThat(LEDGER.handledCount("shipping")).isEqualTo(length);
                assertThat(redis.admin().xpending(STREAM, "billing").getTotal()).isZero();
                assertThat(redis.admin().xpending(STREAM, "shipping").getTotal()).isZero();
            });
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(redis.countClients("redstreams")).isZero());

        // every logical message is in the stream at least once (the producer retried until told it was added)
        BitSet seqs = new BitSet(MESSAGES);
        for (StreamEntry e : Ledger.entries(redis.admin(), STREAM)) {
            seqs.set(Integer.parseInt(e.getFields().get("payload").substring(2)));
        }
        assertThat(seqs.cardinality()).isEqualTo(MESSAGES);

        Ledger.Tally billing = LEDGER.tally(redis.admin(), STREAM, "billing");
        Ledger.Tally shipping = LEDGER.tally(redis.admin(), STREAM, "shipping");
        FaultReport.print("redis-restart", List.of(billing, shipping), start,
                "restarts=2 (SIGTERM, SIGKILL) downtime-ms=" + downtimes + " send-failures-while-down="
                        + sendFailures.get() + " first-send-error=\"" + firstFailure.get() + "\"");
        for (Ledger.Tally t : List.of(billing, shipping)) {
            assertThat(t.vanished()).as("acknowledged XADDs that Redis lost").isZero();
            assertThat(t.lost()).as("lost in " + t.group()).isEmpty();
            assertThat(t.pending()).isZero();
            assertThat(t.dlq()).isZero();
            // only acks in transit when Redis went away cause redeliveries
            assertThat(t.duplicates()).as("duplicates in " + t.group()).isLessThanOrEqualTo(2 * 500);
        }
        assertThat(sendFailures.get()).as("the producer noticed the outages").isPositive();
    }

    /**
     * Stops (or kills) Redis, leaves it down until {@code felt} (the producer has seen sends fail,
     * or has nothing left to send), starts it again; returns the downtime.
     */
    private static long outage(boolean crash, BooleanSupplier felt) {
        long down = System.nanoTime();
        if (crash) {
            redis.server().kill();
        } else {
            redis.server().stop();
        }
        await().atMost(Duration.ofSeconds(30)).until(felt::getAsBoolean);
        redis.server().restart();
        return (System.nanoTime() - down) / 1_000_000;
    }
}
