package io.redstreams.faults;

import io.redstreams.cdi.WeldApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Scenario 3, connections killed: {@code CLIENT KILL TYPE normal} every 250 ms while messages are produced,
 * consumed by two groups, retried and dead-lettered. Nothing is lost, the workers recover, and afterwards no
 * connection or thread is left over.
 */
class ConnectionsKilledIT {

    static final int MESSAGES = Integer.getInteger("redstreams.faults.kill.messages", 20_000);
    static final int POISON_EVERY = 500;
    static final String STREAM = "killed-conn";

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    static final Ledger LEDGER = new Ledger();

    @ApplicationScoped
    public static class Groups {
        void audit(@StreamConsumer(stream = STREAM, group = "audit", concurrency = 4, maxDeliveries = 2)
                StreamMessage<String> m) {
            handle("audit", m);
        }

        void index(@StreamConsumer(stream = STREAM, group = "index", concurrency = 2, batchSize = 50, maxDeliveries = 2)
                StreamMessage<String> m) {
            handle("index", m);
        }

        private static void handle(String group, StreamMessage<String> m) {
            if (poison(m.payload())) {
                throw new IllegalStateException("poison " + m.payload());
            }
            LEDGER.handled(group, m.id());
        }
    }

    static boolean poison(String payload) {
        return Integer.parseInt(payload.substring(2)) % POISON_EVERY == 0;
    }

    @Test
    @Timeout(180)
    void killedConnectionsLoseNothingAndLeakNothing() throws Exception {
        long start = System.nanoTime();
        redis.flushAll();
        Set<Thread> threadsBefore = ThreadCensus.live();
        AtomicInteger sendFailures = new AtomicInteger();
        AtomicLong kills = new AtomicLong();
        AtomicLong killedClients = new AtomicLong();
        AtomicBoolean killing = new AtomicBoolean(true);
        int clientsAfterRecovery;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis.url()), Groups.class)) {
            StreamProducer producer = app.producer();
            Thread killer = new Thread(() -> {
                try (Jedis jedis = redis.newJedis()) {
                    while (killing.get()) {
                        Thread.sleep(250);
                        killedClients.addAndGet(jedis.clientKill(ClientKillParams.clientKillParams()
                                .type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES)));
                        kills.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "client-killer");
            killer.start();

            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producing = new Thread(() -> {
                try {
                    for (int from = 0; from < MESSAGES; from += 50) {
                        List<String> batch = new ArrayList<>();
                        for (int i = from; i < Math.min(MESSAGES, from + 50); i++) {
                            batch.add("k-" + i);
                        }
                        while (true) {
                            try {
                                LEDGER.produced(producer.sendAll(STREAM, batch));
                                break;
                            } catch (StreamSendException e) {
                                sendFailures.incrementAndGet();
                            }
                        }
                        Thread.sleep(20); // spread production over ~8 s of kills
                    }
                } catch (Throwable t) {
                    producerFailure.set(t);
                }
            }, "kill-producer");
            producing.start();
            producing.join(120_000);
            assertThat(producerFailure.get()).isNull();

            // consumption goes on under kills, then the kills stop and everything must drain
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                    LEDGER.handledCount("audit") > MESSAGES * 9 / 10 && LEDGER.handledCount("index") > MESSAGES * 9 / 10);
            killing.set(false);
            killer.join(5000);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                long length = redis.admin().xlen(STREAM);
                for (String group : List.of("audit", "index")) {
                    assertThat(LEDGER.handledCount(group)
                            + Ledger.deadLetters(redis.admin(), STREAM + ":dlq", STREAM, group).size())
                            .as(group).isEqualTo(length);
                    assertThat(redis.admin().xpending(STREAM, group).getTotal()).as(group).isZero();
                }
            });
            // recovered: the pools hold no more than their sizes (consumer pool 2+4, producer pool 16)
            Thread.sleep(500);
            clientsAfterRecovery = redis.countClients("redstreams");
            assertThat(clientsAfterRecovery).isBetween(2, 6 + 16);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(redis.countClients("redstreams")).isZero();
            assertThat(ThreadCensus.redstreams()).isEmpty();
            assertThat(ThreadCensus.newSince(threadsBefore)).isEmpty();
        });

        Ledger.Tally audit = LEDGER.tally(redis.admin(), STREAM, "audit");
        Ledger.Tally index = LEDGER.tally(redis.admin(), STREAM, "index");
        FaultReport.print("connections-killed", List.of(audit, index), start, "client-kills=" + kills.get()
                + " clients-killed=" + killedClients.get() + " send-failures=" + sendFailures.get()
                + " redstreams-clients-after-recovery=" + clientsAfterRecovery + " after-close=0 leaked-threads=0");
        for (Ledger.Tally t : List.of(audit, index)) {
            assertThat(t.lost()).as("lost in " + t.group()).isEmpty();
            assertThat(t.vanished()).isZero();
            assertThat(t.pending()).isZero();
            assertThat(t.dlq()).as("poison in " + t.group()).isGreaterThanOrEqualTo(MESSAGES / POISON_EVERY);
            // redeliveries come only from reads and acks cut off by a kill: a bounded number per kill
            assertThat(t.duplicates()).as("duplicates in " + t.group()).isLessThanOrEqualTo((int) (100 * kills.get()));
        }
        assertThat(kills.get()).isGreaterThan(5);
    }
}
