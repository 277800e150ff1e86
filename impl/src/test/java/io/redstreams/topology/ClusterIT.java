package io.redstreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.redstreams.GroupInfo;
import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;
import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamReader;
import io.redstreams.StreamTail;
import io.redstreams.TailOptions;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.faults.Ledger;
import io.redstreams.testsupport.RedisClusterSet;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * Issue 11, Redis Cluster: three masters (slots 0-5460, 5461-10922, 10923-16383) and a replica of the second, on
 * loopback. The stream names are chosen by their slot ({@code CLUSTER KEYSLOT}, asserted): one per master, one of
 * them with a hash tag. Each scenario prints one {@code FAULT cluster-...} line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    // slot 2821 (first master), 6948 (second), 13262 (third, a hash tag: its dead letters share the slot)
    static final String ON_FIRST = "orders-3";
    static final String ON_SECOND = "orders-2";
    static final String TAGGED_ON_THIRD = "{invoices}:eu";
    static final String GROUP = "billing";
    static final Map<String, Ledger> LEDGERS = new ConcurrentHashMap<>();

    static RedisClusterSet cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterSet.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Ledger ledger(String stream) {
        return LEDGERS.computeIfAbsent(stream, s -> new Ledger());
    }

    static Map<String, String> config() {
        Map<String, String> config = WeldApp.defaults("redis://127.0.0.1:1"); // the nodes come from the cluster
        config.put("redstreams.redis.cluster.nodes", cluster.seeds());
        return config;
    }

    /** Handles every entry except those whose payload starts with "poison" (they fail until dead-lettered). */
    @ApplicationScoped
    public static class Spread {
        void first(@StreamConsumer(stream = ON_FIRST, group = GROUP, maxDeliveries = 2) StreamMessage<String> m) {
            handle(ON_FIRST, m);
        }

        void second(@StreamConsumer(stream = ON_SECOND, group = GROUP, maxDeliveries = 2) StreamMessage<String> m) {
            handle(ON_SECOND, m);
        }

        void third(@StreamConsumer(stream = TAGGED_ON_THIRD, group = GROUP, maxDeliveries = 2)
                   StreamMessage<String> m) {
            handle(TAGGED_ON_THIRD, m);
        }

        private static void handle(String stream, StreamMessage<String> m) {
            if (m.payload().startsWith("poison")) {
                throw new IllegalStateException("poison " + m.id());
            }
            ledger(stream).handled(GROUP, m.id());
        }
    }

    @Test
    @Order(1)
    @Timeout(60)
    void streamsOnEveryMasterWithDeadLettersAndIdempotentSends() throws Exception {
        long start = System.nanoTime();
        List<Integer> masters = cluster.masterPorts();
        assertThat(List.of(cluster.portOwning(ON_FIRST), cluster.portOwning(ON_SECOND),
                cluster.portOwning(TAGGED_ON_THIRD))).containsExactlyElementsOf(masters);
        assertThat(cluster.slotOf(TAGGED_ON_THIRD + ":dlq")).isEqualTo(cluster.slotOf(TAGGED_ON_THIRD));
        assertThat(cluster.slotOf(ON_FIRST + ":dlq")).isNotEqualTo(cluster.slotOf(ON_FIRST));
        List<String> streams = List.of(ON_FIRST, ON_SECOND, TAGGED_ON_THIRD);
        Map<String, Integer> poisoned = new LinkedHashMap<>();
        try (WeldApp app = WeldApp.start(config(), Spread.class)) {
            StreamProducer producer = app.producer();
            List<CompletableFuture<String>> async = new ArrayList<>();
            for (String stream : streams) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    batch.add((i % 50 == 7 ? "poison-" : "good-") + i);
                }
                poisoned.put(stream, 4);
                ledger(stream).produced(producer.sendAll(stream, batch));
                for (int i = 0; i < 20; i++) {
                    ledger(stream).produced(producer.send(stream, "single-" + i));
                }
                String first = producer.sendIdempotent(stream, "order-42", "idem", Map.of());
                String again = producer.sendIdempotent(stream, "order-42", "idem", Map.of());
                assertThat(again).isEqualTo(first);
                ledger(stream).produced(first);
            }
            // asynchronous sends are batched across streams: one pipeline split over the three masters
            for (int i = 0; i < 300; i++) {
                String stream = streams.get(i % 3);
                async.add(producer.sendAsync(stream, "async-" + i).toCompletableFuture()
                        .whenComplete((id, e) -> {
                            if (id != null) {
                                ledger(stream).produced(id);
                            }
                        }));
            }
            CompletableFuture.allOf(async.toArray(new CompletableFuture[0])).get();
            for (String stream : streams) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    try (Jedis node = cluster.connect(cluster.portOwning(stream));
                         Jedis dlqNode = cluster.connect(cluster.portOwning(stream + ":dlq"))) {
                        Ledger.Tally t = ledger(stream).tally(node, dlqNode, stream, GROUP);
                        assertThat(t.pending()).isZero();
                        assertThat(t.dlq()).isEqualTo(poisoned.get(stream));
                        assertThat(t.handled() + t.dlq()).isEqualTo(t.produced());
                    }
                });
            }
            List<Ledger.Tally> tallies = new ArrayList<>();
            for (String stream : streams) {
                try (Jedis node = cluster.connect(cluster.portOwning(stream));
                     Jedis dlqNode = cluster.connect(cluster.portOwning(stream + ":dlq"))) {
                    Ledger.Tally t = ledger(stream).tally(node, dlqNode, stream, GROUP);
                    assertThat(t.lostCount()).isZero();
                    assertThat(t.duplicates()).isZero();
                    assertThat(t.vanished()).isZero();
                    tallies.add(t);
                }
            }
            FaultReport.print("cluster-three-masters", tallies, start, "confirmed="
                    + streams.stream().mapToInt(st -> ledger(st).confirmedCount()).sum() + " connections-per-node="
                    + connectionsPerNode());
        }
    }

    /** An application bean with the admin view and the reader, as an operator's endpoint would inject them. */
    @ApplicationScoped
    public static class Operator {
        @jakarta.inject.Inject
        StreamAdmin admin;
        @jakarta.inject.Inject
        StreamReader reader;

        StreamAdmin admin() {
            return admin;
        }

        StreamReader reader() {
            return reader;
        }
    }

    /**
     * The admin view and the reader on the streams of the first scenario: groups and pending per node, dead letters
     * replayed across slots (XADD to the source on one node, XDEL of the dead letter on another), a range, and a
     * blocking tail that a send wakes and that {@code close()} ends at once (CLIENT UNBLOCK on the tail's node).
     */
    @Test
    @Order(2)
    @Timeout(60)
    void adminAndReaderOnEveryNodeAndReplayAcrossSlots() throws Exception {
        Map<String, String> config = config();
        config.put("redstreams.consumer.enabled", "false");
        try (WeldApp app = WeldApp.start(config, Operator.class)) {
            Operator operator = app.bean(Operator.class);
            StreamAdmin admin = operator.admin();
            for (String stream : List.of(ON_FIRST, ON_SECOND, TAGGED_ON_THIRD)) {
                assertThat(admin.groups(stream)).extracting(GroupInfo::name).containsExactly(GROUP);
                assertThat(admin.pendingSummary(stream, GROUP).count()).isZero();
                assertThat(admin.deadLetters(stream + ":dlq", 100)).hasSize(4);
            }
            long before;
            try (Jedis node = cluster.connect(cluster.portOwning(ON_FIRST))) {
                before = node.xlen(ON_FIRST);
            }
            ReplayResult replayed = admin.replayAll(ON_FIRST + ":dlq");
            assertThat(replayed.complete()).isTrue();
            assertThat(replayed.replayed()).hasSize(4);
            try (Jedis node = cluster.connect(cluster.portOwning(ON_FIRST));
                 Jedis dlqNode = cluster.connect(cluster.portOwning(ON_FIRST + ":dlq"))) {
                assertThat(node.xlen(ON_FIRST)).isEqualTo(before + 4);
                assertThat(dlqNode.xlen(ON_FIRST + ":dlq")).isZero();
            }
            assertThat(operator.reader().range(TAGGED_ON_THIRD, "-", "+", 5, String.class)).hasSize(5);

            try (StreamTail<String> tail = operator.reader().tail(ON_SECOND, TailOptions.fromNow(), String.class)) {
                String sent = app.producer().send(ON_SECOND, "tailed");
                List<String> got = new ArrayList<>();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    tail.poll(Duration.ofMillis(200)).forEach(m -> got.add(m.id()));
                    return got.contains(sent);
                });
            }
            StreamTail<String> quiet = operator.reader().tail(ON_SECOND, TailOptions.fromNow()
                    .block(TailOptions.MAX_BLOCK), String.class);
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(quiet::hasNext);
            try (Jedis node = cluster.connect(cluster.portOwning(ON_SECOND))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> node.clientList().lines()
                        .anyMatch(l -> l.contains(" cmd=xread") && l.contains(" flags=b")));
            }
            long closing = System.nanoTime();
            quiet.close();
            assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
            assertThat(ms(closing)).as("close() ends the blocked read at once").isLessThan(5000);
        }
    }

    // ---- reclaim of a killed consumer's entries ----

    static final String RECLAIM_SECOND = "reclaim-3"; // slot 8513, second master
    static final String RECLAIM_THIRD = "reclaim-2";  // slot 12640, third master

    @ApplicationScoped
    public static class Survivor {
        void second(@StreamConsumer(stream = RECLAIM_SECOND, group = GROUP) StreamMessage<String> m) {
            ledger(RECLAIM_SECOND).handled(GROUP, m.id());
        }

        void third(@StreamConsumer(stream = RECLAIM_THIRD, group = GROUP) StreamMessage<String> m) {
            ledger(RECLAIM_THIRD).handled(GROUP, m.id());
        }
    }

    /**
     * A consumer that read entries and died (its entries pending under its name, nobody reading as it): the
     * surviving instance claims them (XAUTOCLAIM on the node of each stream) and handles them.
     */
    @Test
    @Order(3)
    @Timeout(60)
    void entriesOfAKilledConsumerAreReclaimedOnEachNode() {
        long start = System.nanoTime();
        List<String> streams = List.of(RECLAIM_SECOND, RECLAIM_THIRD);
        Map<String, String> config = config();
        config.put("redstreams.consumer.reclaim-min-idle-ms", "1000");
        config.put("redstreams.consumer.reclaim-interval-ms", "300");
        config.put("redstreams.consumer.name", "survivor");
        for (String stream : streams) {
            try (Jedis node = cluster.connect(cluster.portOwning(stream))) {
                node.xgroupCreate(stream, GROUP, StreamEntryID.XGROUP_LAST_ENTRY, true);
                for (int i = 0; i < 150; i++) {
                    ledger(stream).produced(node.xadd(stream, redis.clients.jedis.params.XAddParams.xAddParams(),
                            Map.of("payload", "before-" + i)).toString());
                }
                // the dead consumer took 100 of them and never acknowledged
                node.xreadGroup(GROUP, "killed", XReadGroupParams.xReadGroupParams().count(100),
                        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            }
        }
        try (WeldApp app = WeldApp.start(config, Survivor.class)) {
            for (String stream : streams) {
                for (int i = 0; i < 50; i++) {
                    ledger(stream).produced(app.producer().send(stream, "after-" + i));
                }
            }
            List<Ledger.Tally> tallies = new ArrayList<>();
            for (String stream : streams) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Ledger.Tally t = tally(stream);
                    assertThat(t.handled()).isEqualTo(200);
                    assertThat(t.pending()).isZero();
                });
                tallies.add(tally(stream));
            }
            FaultReport.print("cluster-reclaim-killed-consumer", tallies, start, "confirmed="
                    + streams.stream().mapToInt(st -> ledger(st).confirmedCount()).sum() + " claimed-from-killed=200");
            assertThat(tallies).allSatisfy(t -> {
                assertThat(t.lostCount()).isZero();
                assertThat(t.duplicates()).isZero();
            });
        }
    }

    // ---- CLUSTER FAILOVER and slot migration under load ----

    static final String LOAD_FIRST = "failover-1";   // slot 4417, first master
    static final String LOAD_SECOND = "failover-2";  // slot 8482, second master: the one with a replica
    static final String LOAD_THIRD = "failover-3";   // slot 12547, third master
    static final String MIGRATING = "migrating-3";   // slot 14093, third master: moved to the first
    static final Map<String, AtomicLong> LAST_HANDLED = new ConcurrentHashMap<>();

    static void handledNow(String stream, StreamMessage<String> m) {
        ledger(stream).handled(GROUP, m.id());
        LAST_HANDLED.computeIfAbsent(stream, k -> new AtomicLong()).set(System.nanoTime());
    }

    @ApplicationScoped
    public static class Busy {
        void first(@StreamConsumer(stream = LOAD_FIRST, group = GROUP, concurrency = 2, batchSize = 50)
                   StreamMessage<String> m) {
            handledNow(LOAD_FIRST, m);
        }

        void second(@StreamConsumer(stream = LOAD_SECOND, group = GROUP, concurrency = 2, batchSize = 50)
                    StreamMessage<String> m) {
            handledNow(LOAD_SECOND, m);
        }

        void third(@StreamConsumer(stream = LOAD_THIRD, group = GROUP, concurrency = 2, batchSize = 50)
                   StreamMessage<String> m) {
            handledNow(LOAD_THIRD, m);
        }
    }

    @ApplicationScoped
    public static class Moving {
        void moving(@StreamConsumer(stream = MIGRATING, group = GROUP, concurrency = 2, batchSize = 50)
                    StreamMessage<String> m) {
            handledNow(MIGRATING, m);
        }
    }

    @Test
    @Order(4)
    @Timeout(90)
    void clusterFailoverOfOneMasterUnderLoad() throws Exception {
        long start = System.nanoTime();
        List<String> streams = List.of(LOAD_FIRST, LOAD_SECOND, LOAD_THIRD);
        assertThat(cluster.portOwning(LOAD_SECOND)).isEqualTo(cluster.replicatedMasterPort());
        Map<String, String> config = config();
        config.put("redstreams.consumer.block-ms", "2000");
        config.put("redstreams.consumer.reclaim-min-idle-ms", "4000");
        config.put("redstreams.consumer.reclaim-interval-ms", "1000");
        try (WeldApp app = WeldApp.start(config, Busy.class); Load load = new Load(app.producer(), streams)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> streams.stream()
                    .allMatch(st -> ledger(st).handledCount(GROUP) > 1000));
            long handledBefore = ledger(LOAD_SECOND).handledCount(GROUP);
            long confirmedBefore = load.confirmed(LOAD_SECOND);
            long at = System.nanoTime();
            int newMaster = cluster.failover();
            long switchedMs = ms(at);
            long switched = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> LAST_HANDLED.get(LOAD_SECOND).get() - switched > 0
                    && ledger(LOAD_SECOND).handledCount(GROUP) > handledBefore + 100);
            long consumerBackMs = ms(at);
            await().atMost(Duration.ofSeconds(30)).until(() -> load.lastConfirmed(LOAD_SECOND) - switched > 0
                    && load.confirmed(LOAD_SECOND) > confirmedBefore + 100);
            long sendsBackMs = ms(at);
            try (Jedis node = cluster.connect(newMaster)) {
                assertThat(node.clientList()).contains("name=redstreams-worker").contains("name=redstreams-producer");
            }
            load.finish();
            String timeline = "failover{switched=" + switchedMs + "ms, sends-confirmed-again=" + sendsBackMs
                    + "ms, consumer-handling-again=" + consumerBackMs + "ms}";
            settleAndReport("cluster-failover", streams, load, start, timeline);
        }
    }

    @Test
    @Order(5)
    @Timeout(90)
    void slotMigrationOfALiveStreamUnderLoad() throws Exception {
        long start = System.nanoTime();
        List<String> streams = List.of(MIGRATING);
        List<Integer> masters = cluster.masterPorts();
        int from = cluster.portOwning(MIGRATING);
        int to = masters.stream().filter(p -> p != from && p != cluster.replicatedMasterPort()).findFirst()
                .orElseThrow();
        Map<String, String> config = config();
        config.put("redstreams.consumer.block-ms", "2000");
        config.put("redstreams.consumer.reclaim-min-idle-ms", "4000");
        config.put("redstreams.consumer.reclaim-interval-ms", "1000");
        try (WeldApp app = WeldApp.start(config, Moving.class); Load load = new Load(app.producer(), streams)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ledger(MIGRATING).handledCount(GROUP) > 2000);
            long handledBefore = ledger(MIGRATING).handledCount(GROUP);
            long confirmedBefore = load.confirmed(MIGRATING);
            long at = System.nanoTime();
            cluster.migrate(cluster.slotOf(MIGRATING), from, to);
            long migratedMs = ms(at);
            long migrated = System.nanoTime();
            assertThat(cluster.portOwning(MIGRATING)).isEqualTo(to);
            await().atMost(Duration.ofSeconds(30)).until(() -> LAST_HANDLED.get(MIGRATING).get() - migrated > 0
                    && ledger(MIGRATING).handledCount(GROUP) > handledBefore + 100);
            long consumerBackMs = ms(at);
            await().atMost(Duration.ofSeconds(30)).until(() -> load.lastConfirmed(MIGRATING) - migrated > 0
                    && load.confirmed(MIGRATING) > confirmedBefore + 100);
            long sendsBackMs = ms(at);
            load.finish();
            String timeline = "migration{slot=" + cluster.slotOf(MIGRATING) + " " + from + "->" + to + ", took="
                    + migratedMs + "ms, sends-confirmed-after=" + sendsBackMs + "ms, consumer-handling-after="
                    + consumerBackMs + "ms}";
            settleAndReport("cluster-slot-migration", streams, load, start, timeline);
        }
    }

    static final String ASKED = "migrating-1"; // slot 5967: moved while the test sends and the consumer reads

    @ApplicationScoped
    public static class Asked {
        void asked(@StreamConsumer(stream = ASKED, group = GROUP) StreamMessage<String> m) {
            handledNow(ASKED, m);
        }
    }

    /**
     * The window of a migration in which the source answers {@code ASK}: single, pipelined, asynchronous and
     * idempotent sends (a script over the stream and its marker) and the consumer's reads and acknowledgements all
     * reach the importing node (after {@code ASKING}); an idempotent send with a new key waits (the importing node
     * answers TRYAGAIN while its marker does not exist; the send backs off and repeats) until the migration ends;
     * then everything continues on the new owner ({@code MOVED}).
     */
    @Test
    @Order(6)
    @Timeout(60)
    void askRedirectsOfAMigrationInProgressAreFollowed() throws Exception {
        long start = System.nanoTime();
        int from = cluster.portOwning(ASKED);
        int to = cluster.masterPorts().stream().filter(p -> p != from).findFirst().orElseThrow();
        Map<String, String> config = config();
        config.put("redstreams.producer.idempotent-max-attempts", "20");
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>> newKey =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (WeldApp app = WeldApp.start(config, Asked.class)) {
            StreamProducer producer = app.producer();
            ledger(ASKED).produced(producer.sendAll(ASKED, List.of("a", "b", "c")));
            String idempotent = producer.sendIdempotent(ASKED, "k-1", "once", Map.of());
            ledger(ASKED).produced(idempotent);
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger(ASKED).handledCount(GROUP) == 4);
            cluster.migrate(cluster.slotOf(ASKED), from, to, () -> {
                ledger(ASKED).produced(producer.send(ASKED, "asked-single"));
                ledger(ASKED).produced(producer.sendAll(ASKED, List.of("asked-1", "asked-2", "asked-3")));
                List<CompletableFuture<String>> async = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    async.add(producer.sendAsync(ASKED, "asked-async-" + i).toCompletableFuture());
                }
                async.forEach(f -> ledger(ASKED).produced(f.join()));
                // a script over the stream and its marker, both moved already: on the importing node, after ASKING
                assertThat(producer.sendIdempotent(ASKED, "k-1", "once", Map.of())).isEqualTo(idempotent);
                // a new key: its marker does not exist yet, so the importing node refuses the script (TRYAGAIN) until
                // the migration ends; the send backs off and repeats meanwhile
                newKey.set(CompletableFuture.supplyAsync(() -> producer.sendIdempotent(ASKED, "k-2",
                        "asked-idempotent", Map.of())));
                // the consumer reads and acknowledges them from the importing node
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(ledger(ASKED).handledCount(GROUP)).isEqualTo(13);
                    try (Jedis target = cluster.connect(to)) {
                        target.asking();
                        assertThat(target.xpending(ASKED, GROUP).getTotal()).isZero();
                    }
                });
            });
            ledger(ASKED).produced(newKey.get().get(10, java.util.concurrent.TimeUnit.SECONDS));
            ledger(ASKED).produced(producer.send(ASKED, "moved"));
            settleAndReport("cluster-ask-window", List.of(ASKED), new Load(producer, List.of()), start,
                    "migration{" + from + "->" + to + "}");
        }
    }

    /** Waits until every confirmed send was handled and nothing is pending, then prints and checks the counts. */
    private static void settleAndReport(String name, List<String> streams, Load load, long start, String timeline) {
        for (String stream : streams) {
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                Ledger.Tally t = tally(stream);
                assertThat(t.pending()).isZero();
                assertThat(t.handled()).isEqualTo(t.produced());
            });
        }
        List<Ledger.Tally> tallies = new ArrayList<>();
        for (String stream : streams) {
            tallies.add(tally(stream));
        }
        long confirmed = streams.stream().mapToLong(st -> ledger(st).confirmedCount()).sum();
        int vanished = tallies.stream().mapToInt(Ledger.Tally::vanished).sum();
        FaultReport.print(name, tallies, start, "attempted=" + load.attempted.get() + " confirmed=" + confirmed
                + " confirmed-lost=" + vanished + " failures=" + load.failures + " " + timeline
                + " connections-per-node=" + connectionsPerNode() + " first-errors=" + load.firstMessages);
        assertThat(vanished).as("confirmed sends missing").isZero();
        assertThat(tallies).allSatisfy(t -> assertThat(t.lostCount()).isZero());
    }

    /** The ledger's count of one stream, read from the node that owns it and the one that owns its dead letters. */
    static Ledger.Tally tally(String stream) {
        try (Jedis node = cluster.connect(cluster.portOwning(stream));
             Jedis dlqNode = cluster.connect(cluster.portOwning(stream + ":dlq"))) {
            return ledger(stream).tally(node, dlqNode, stream, GROUP);
        }
    }

    private static long ms(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** Three producer threads over the streams: single sends, sendAll of 20, sendAsync. */
    static final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong attempted = new AtomicLong();
        final Map<String, AtomicLong> confirmed = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> lastConfirmed = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        final Set<String> firstMessages = ConcurrentHashMap.newKeySet();
        final List<Thread> threads = new ArrayList<>();
        final StreamProducer producer;
        final List<String> streams;

        Load(StreamProducer producer, List<String> streams) {
            this.producer = producer;
            this.streams = streams;
            for (int t = 0; t < (streams.isEmpty() ? 0 : 3); t++) {
                int kind = t;
                Thread thread = new Thread(() -> run(kind), "load-" + t);
                thread.start();
                threads.add(thread);
            }
        }

        long confirmed(String stream) {
            AtomicLong n = confirmed.get(stream);
            return n == null ? 0 : n.get();
        }

        long lastConfirmed(String stream) {
            AtomicLong n = lastConfirmed.get(stream);
            return n == null ? 0 : n.get();
        }

        private void confirm(String stream, List<String> ids) {
            ledger(stream).produced(ids);
            confirmed.computeIfAbsent(stream, k -> new AtomicLong()).addAndGet(ids.size());
            lastConfirmed.computeIfAbsent(stream, k -> new AtomicLong()).set(System.nanoTime());
        }

        private void run(int kind) {
            long n = 0;
            while (running.get()) {
                String stream = streams.get((int) (n++ % streams.size()));
                try {
                    if (kind == 0) {
                        attempted.incrementAndGet();
                        confirm(stream, List.of(producer.send(stream, "single-" + n)));
                    } else if (kind == 1) {
                        List<String> batch = new ArrayList<>(20);
                        for (int i = 0; i < 20; i++) {
                            batch.add("batch-" + n + "-" + i);
                        }
                        attempted.addAndGet(batch.size());
                        confirm(stream, producer.sendAll(stream, batch));
                    } else {
                        List<CompletableFuture<String>> sent = new ArrayList<>(20);
                        for (int i = 0; i < 20; i++) {
                            attempted.incrementAndGet();
                            sent.add(producer.sendAsync(stream, "async-" + n + "-" + i).toCompletableFuture());
                        }
                        for (CompletableFuture<String> f : sent) {
                            try {
                                confirm(stream, List.of(f.get()));
                            } catch (java.util.concurrent.ExecutionException e) {
                                failed(e.getCause() instanceof RuntimeException r ? r
                                        : new IllegalStateException(e.getCause()));
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    failed(e);
                    awaitOwner(stream);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void failed(RuntimeException e) {
            String kind = e.getClass().getSimpleName();
            if (failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet() == 1) {
                firstMessages.add(kind + ": " + e.getMessage());
            }
        }

        void finish() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            finish();
        }

        /** After a failed send, as a caller would: waits until the node owning the stream answers, or the load stops. */
        private void awaitOwner(String stream) {
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> !running.get() || ownerAnswers(stream));
        }

        private static boolean ownerAnswers(String stream) {
            try (Jedis node = cluster.connect(cluster.portOwning(stream))) {
                return "PONG".equals(node.ping());
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /** redstreams connections on each master, by role ({@code CLIENT LIST}). */
    static Map<Integer, Map<String, Integer>> connectionsPerNode() {
        Map<Integer, Map<String, Integer>> all = new LinkedHashMap<>();
        for (int port : cluster.masterPorts()) {
            try (Jedis node = cluster.connect(port)) {
                Map<String, Integer> roles = new java.util.TreeMap<>();
                for (String line : node.clientList().split("\n")) {
                    int at = line.indexOf(" name=redstreams");
                    if (at >= 0) {
                        int end = line.indexOf(' ', at + 6);
                        roles.merge(line.substring(at + 6, end < 0 ? line.length() : end), 1, Integer::sum);
                    }
                }
                all.put(port, roles);
            }
        }
        return all;
    }
}
