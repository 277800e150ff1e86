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

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
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
            FaultReport.print("cluster-three-masters", tallies, start, "connections-per-node="
                    + connectionsPerNode());
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
