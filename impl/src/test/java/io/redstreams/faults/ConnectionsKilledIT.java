package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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
        int clientsAfterRecovery;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis.url()), Groups.class)) {
            StreamProducer producer = app.producer();
            // CLIENT KILL TYPE normal every 250 ms, and a batch of 50 every 20 ms (production spread over the kills)
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
            Jedis killerConnection = redis.newJedis();
            ScheduledFuture<?> killer = timer.scheduleAtFixedRate(() -> {
                killedClients.addAndGet(killerConnection.clientKill(ClientKillParams.clientKillParams()
                        .type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES)));
                kills.incrementAndGet();
            }, 250, 250, TimeUnit.MILLISECONDS);

            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            AtomicInteger nextBatch = new AtomicInteger();
            AtomicInteger produced = new AtomicInteger();
            ScheduledFuture<?> producing = timer.scheduleWithFixedDelay(() -> {
                int from = nextBatch.getAndAdd(50);
                if (from >= MESSAGES) {
                    return;
                }
                List<String> batch = new ArrayList<>();
                for (int i = from; i < Math.min(MESSAGES, from + 50); i++) {
                    batch.add("k-" + i);
                }
                try {
                    while (true) {
                        try {
                            LEDGER.produced(producer.sendAll(STREAM, batch));
                            break;
                        } catch (StreamSendException e) {
                            sendFailures.incrementAndGet();
                        }
                    }
                    produced.addAndGet(batch.size());
                } catch (Throwable t) {
                    producerFailure.set(t);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> produced.get() >= MESSAGES
                    || producerFailure.get() != null);
            producing.cancel(false);
            assertThat(producerFailure.get()).isNull();

            // consumption goes on under kills, then the kills stop and everything must drain
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                    LEDGER.handledCount("audit") > MESSAGES * 9 / 10 && LEDGER.handledCount("index") > MESSAGES * 9 / 10);
            killer.cancel(false);
            timer.shutdown();
            assertThat(timer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            killerConnection.close();

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
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(redis.countClients("redstreams")).isBetween(2, 6 + 16));
            clientsAfterRecovery = redis.countClients("redstreams");
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
