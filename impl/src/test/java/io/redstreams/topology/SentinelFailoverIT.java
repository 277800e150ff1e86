package io.redstreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.redstreams.ProducerStatus;
import io.redstreams.StreamAdmin;
import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.faults.Ledger;
import io.redstreams.faults.ThreadCensus;
import io.redstreams.testsupport.RedisSentinelSet;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Issue 11, Sentinel: 1 master + 1 replica + 3 sentinels on loopback; producers under load with WAIT durability
 * ({@code wait-replicas=1}) and a {@code @StreamConsumer}; {@code SENTINEL FAILOVER} forced twice. Both paths
 * resume by themselves; every send that was confirmed is in the stream on the final master and handled (lost 0);
 * no redstreams thread (the {@code redstreams-sentinel-*} watchers included) outlives the application.
 */
class SentinelFailoverIT {

    static final String STREAM = "sentinel-orders";
    static final String GROUP = "billing";
    static final Ledger LEDGER = new Ledger();
    static final AtomicLong LAST_HANDLED = new AtomicLong();

    @ApplicationScoped
    public static class Billing {
        void bill(@StreamConsumer(stream = STREAM, group = GROUP, concurrency = 4, batchSize = 100)
                  StreamMessage<String> m) {
            LEDGER.handled(GROUP, m.id());
            LAST_HANDLED.set(System.nanoTime());
        }
    }

    /** What the producer threads saw. */
    static final class Load {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong attempted = new AtomicLong();
        final AtomicLong confirmed = new AtomicLong();
        final AtomicLong lastConfirmedNanos = new AtomicLong(System.nanoTime());
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        final Set<String> firstMessages = ConcurrentHashMap.newKeySet();

        void failed(RuntimeException e) {
            String kind = e.getClass().getSimpleName() + (String.valueOf(e.getMessage()).contains("WAIT saw only")
                    || (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("WAIT saw only"))
                    ? "(durability)" : "");
            if (failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet() == 1) {
                firstMessages.add(kind + ": " + e.getMessage());
            }
        }
    }

    @Test
    @Timeout(150)
    void producersAndConsumersFollowTwoFailoversAndConfirmedSendsSurvive() throws Exception {
        long start = System.nanoTime();
        Set<Thread> threadsBefore = ThreadCensus.live();
        try (RedisSentinelSet set = RedisSentinelSet.start()) {
            long setUpMs = (System.nanoTime() - start) / 1_000_000;
            Map<String, String> config = WeldApp.defaults("redis://127.0.0.1:1"); // the address comes from the sentinels
            config.put("redstreams.redis.sentinel.master", set.masterName());
            config.put("redstreams.redis.sentinel.nodes", set.sentinelNodes());
            config.put("redstreams.producer.wait-replicas", "1");
            config.put("redstreams.producer.wait-timeout-ms", "500");
            config.put("redstreams.producer.pool-size", "6");
            config.put("redstreams.consumer.block-ms", "2000");
            // An acknowledgement the old master confirmed after the switch is lost with it: the entry stays pending
            // on the new master until it is reclaimed (and handled again: a duplicate, never a loss).
            config.put("redstreams.consumer.reclaim-min-idle-ms", "4000");
            config.put("redstreams.consumer.reclaim-interval-ms", "1000");
            Load load = new Load();
            List<String> timeline = new ArrayList<>();
            try (WeldApp app = WeldApp.start(config, Billing.class)) {
                StreamProducer producer = app.producer();
                StreamAdmin streamAdmin = app.bean(StreamAdmin.class);
                List<Thread> producers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    Thread p = new Thread(() -> produce(producer, load, thread, set, streamAdmin), "load-" + t);
                    p.start();
                    producers.add(p);
                }
                long loadStart = System.nanoTime();
                await().atMost(Duration.ofSeconds(20)).until(() -> LEDGER.handledCount(GROUP) > 3000
                        && load.confirmed.get() > 10_000);
                double steadyRate = load.confirmed.get() / ((System.nanoTime() - loadStart) / 1e9);

                for (int round = 1; round <= 2; round++) {
                    long confirmedBefore = load.confirmed.get();
                    long handledBefore = LEDGER.handledCount(GROUP);
                    long failoverAt = System.nanoTime();
                    int newMaster = set.failover();
                    long promotedMs = ms(failoverAt);
                    long promotedAt = System.nanoTime();
                    // the consumer: handling entries read from the new master (sends that WAIT refused are in the
                    // stream too, so it does not depend on the producers' durability)
                    await().atMost(Duration.ofSeconds(30)).until(() -> LAST_HANDLED.get() - promotedAt > 0
                            && LEDGER.handledCount(GROUP) > handledBefore + 100);
                    long consumerBackMs = ms(failoverAt);
                    // producers: a confirmed send after the promotion (WAIT 1 needs the old master back as a
                    // replica: the new master has no other one)
                    await().atMost(Duration.ofSeconds(40)).until(() -> load.lastConfirmedNanos.get() - promotedAt > 0
                            && load.confirmed.get() > confirmedBefore + 100);
                    long sendsBackMs = ms(failoverAt);
                    try (Jedis admin = set.connect(newMaster)) {
                        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.clientList())
                                .contains("name=redstreams-producer").contains("name=redstreams-worker"));
                    }
                    timeline.add("failover" + round + "{promoted=" + promotedMs + "ms, sends-confirmed-again="
                            + sendsBackMs + "ms, consumer-handling-again=" + consumerBackMs + "ms}");
                    set.awaitStable(); // the old master is a replica again and the sentinels agree: ready for more
                }
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
                load.running.set(false);
                for (Thread p : producers) {
                    p.join(10_000);
                }
                int master = set.masterPort();
                try (Jedis admin = set.connect(master)) {
                    try {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        Set<String> unhandled = new java.util.HashSet<>(confirmedIds());
                        unhandled.removeAll(LEDGER.handledIds(GROUP));
                        assertThat(unhandled).as("confirmed sends not handled").isEmpty();
                        assertThat(Ledger.pendingIds(admin, STREAM, GROUP)).isEmpty();
                    });
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        Set<String> missing = new java.util.HashSet<>(confirmedIds());
                        missing.removeAll(LEDGER.handledIds(GROUP));
                        System.out.println("sentinel-failover-x2 timed out: unhandled=" + missing.size() + " sample="
                                + missing.stream().limit(5).toList() + " pending="
                                + Ledger.pendingIds(admin, STREAM, GROUP).size() + " xlen=" + admin.xlen(STREAM)
                                + " xpending=" + admin.xpending(STREAM, GROUP) + " first="
                                + admin.xrange(STREAM, "-", "+", 1) + " info=" + admin.xinfoGroups(STREAM).get(0).getGroupInfo());
                        Set<String> inStream = new java.util.HashSet<>(Ledger.streamIds(admin, STREAM));
                        System.out.println("confirmed but not in the stream=" + missing.stream().filter(i -> !inStream.contains(i)).count());
                        System.out.println("cause=" + e.getCause() + " handled=" + LEDGER.handledCount(GROUP)
                                + " confirmed=" + confirmedIds().size());
                        throw e;
                    }
                    Ledger.Tally tally = LEDGER.tally(admin, STREAM, GROUP);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    FaultReport.print("sentinel-failover-x2", List.of(tally), start,
                            "attempted=" + load.attempted.get() + " confirmed=" + load.confirmed.get()
                                    + " confirmed-lost=" + tally.vanished() + " failures=" + load.failures
                                    + " set-up-ms=" + setUpMs + " " + timeline
                                    + String.format(java.util.Locale.ROOT, " confirmed/s-steady=%.0f confirmed/s-overall=%.0f",
                                    steadyRate, load.confirmed.get() / seconds)
                                    + " first-errors=" + load.firstMessages);
                    assertThat(tally.vanished()).as("confirmed sends missing on the final master").isZero();
                    assertThat(tally.lostCount()).isZero();
                    assertThat(tally.pending()).isZero();
                }
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ThreadCensus.newSince(threadsBefore)).noneMatch(n -> n.startsWith("redstreams")));
    }

    private static Set<String> confirmedIds() {
        return CONFIRMED;
    }

    private static final Set<String> CONFIRMED = ConcurrentHashMap.newKeySet();

    private static void produce(StreamProducer producer, Load load, int thread, RedisSentinelSet set,
                                StreamAdmin admin) {
        long n = 0;
        while (load.running.get()) {
            List<String> batch = new ArrayList<>(20);
            for (int i = 0; i < 20; i++) {
                batch.add("t" + thread + "-" + (n++));
            }
            load.attempted.addAndGet(batch.size());
            try {
                List<String> ids = thread == 0 ? List.of(producer.send(STREAM, batch.get(0)))
                        : producer.sendAll(STREAM, batch);
                if (thread == 0) {
                    load.attempted.addAndGet(1 - batch.size());
                }
                LEDGER.produced(ids);
                CONFIRMED.addAll(ids);
                load.confirmed.addAndGet(ids.size());
                load.lastConfirmedNanos.set(System.nanoTime());
            } catch (RuntimeException e) {
                load.failed(e);
                if (thread == 0) {
                    load.attempted.addAndGet(1 - batch.size());
                }
                awaitSendable(load, set, admin);
            }
        }
    }

    /**
     * After a failed send, as a caller would: waits until a send can go through again (the master the sentinels name
     * answers, and the producer's circuit breaker is not open), or the load stops.
     */
    private static void awaitSendable(Load load, RedisSentinelSet set, StreamAdmin admin) {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> !load.running.get() || (masterAnswers(set)
                        && admin.producerStatus().circuit().state() != ProducerStatus.CircuitState.OPEN));
    }

    private static boolean masterAnswers(RedisSentinelSet set) {
        try (Jedis jedis = set.connect(set.masterPort())) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long ms(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }
}
