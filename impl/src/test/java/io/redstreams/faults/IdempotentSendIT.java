package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import io.redstreams.testsupport.TcpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Issue 10, safe producer retries: an idempotency key checked atomically with the XADD (a Lua script), so a
 * repeated send (a retry after a lost answer) returns the first id instead of adding the entry twice.
 */
class IdempotentSendIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    @ApplicationScoped
    public static class NoConsumers {
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @Test
    @Timeout(60)
    void aRepeatedKeyReturnsTheFirstIdAndAddsNothing() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.producer.idempotency-retention-ms", "60000");
        try (WeldApp app = WeldApp.start(config, NoConsumers.class)) {
            StreamProducer producer = app.producer();
            String first = producer.sendIdempotent("{orders}:eu", "order-42", "payload", Map.of("h", "v"));
            String again = producer.sendIdempotent("{orders}:eu", "order-42", "payload", Map.of("h", "v"));
            assertThat(again).isEqualTo(first);
            assertThat(redis.admin().xlen("{orders}:eu")).isEqualTo(1);
            StreamEntry entry = redis.admin().xrange("{orders}:eu", "-", "+", 1).get(0);
            assertThat(entry.getFields()).containsEntry("idempotency-key", "order-42").containsEntry("h", "v");
            String marker = "{orders}:redstreams-idem:order-42";
            assertThat(redis.admin().get(marker)).isEqualTo(first);
            assertThat(redis.admin().pttl(marker)).isBetween(1L, 60_000L);

            // another key adds another entry; the script survives SCRIPT FLUSH (EVAL on NOSCRIPT)
            redis.admin().scriptFlush();
            String other = producer.sendIdempotent("{orders}:eu", "order-43", "payload", null);
            assertThat(other).isNotEqualTo(first);
            assertThat(redis.admin().xlen("{orders}:eu")).isEqualTo(2);

            // once the retention is over, the key adds again
            redis.admin().del(marker);
            assertThat(producer.sendIdempotent("{orders}:eu", "order-42", "payload", null)).isNotEqualTo(first);
            assertThatThrownBy(() -> producer.sendIdempotent("a}b", "k", "p", null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @Timeout(60)
    void concurrentRetriesOfTheSameKeysAddEachOnce() throws Exception {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), NoConsumers.class)) {
            StreamProducer producer = app.producer();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<String>> sends = new java.util.ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (int k = 0; k < 200; k++) {
                        String key = "k-" + k;
                        sends.add(CompletableFuture.supplyAsync(() -> producer.sendIdempotent("dedup", key, key, null),
                                pool));
                    }
                }
                sends.forEach(CompletableFuture::join);
            } finally {
                pool.shutdown();
            }
            System.out.println("IDEMPOTENT sends=800 distinct-keys=200 xlen=" + redis.admin().xlen("dedup"));
            assertThat(redis.admin().xlen("dedup")).isEqualTo(200);
        }
    }

    /**
     * A lost answer: the proxy drops every connection while sends are in flight; the idempotent send retries and
     * each key ends up in the stream exactly once.
     */
    @Test
    @Timeout(60)
    void droppedConnectionsDuringSendsAddNoDuplicates() throws Exception {
        try (RedisServer server = RedisServer.start();
             TcpProxy proxy = TcpProxy.start(server.port());
             Jedis admin = new Jedis(server.host(), server.port())) {
            try (WeldApp app = WeldApp.start(WeldApp.defaults(proxy.url()), NoConsumers.class)) {
                StreamProducer producer = app.producer();
                AtomicInteger done = new AtomicInteger();
                ScheduledExecutorService dropper = Executors.newSingleThreadScheduledExecutor();
                dropper.scheduleAtFixedRate(proxy::dropConnections, 100, 100, TimeUnit.MILLISECONDS);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                AtomicInteger failed = new AtomicInteger();
                AtomicInteger callerRetries = new AtomicInteger();
                try {
                    List<CompletableFuture<Void>> sends = new java.util.ArrayList<>();
                    for (int k = 0; k < 2000; k++) {
                        String key = "k-" + k;
                        sends.add(CompletableFuture.runAsync(() -> {
                            // As a caller would: a send that still failed after its own attempts (the proxy may
                            // drop five in a row on a busy machine) is sent again with the same key.
                            for (int attempt = 1; attempt <= 10; attempt++) {
                                try {
                                    producer.sendIdempotent("dropped", key, key, null);
                                    break;
                                } catch (RuntimeException e) {
                                    if (callerRetries.incrementAndGet() == 1) {
                                        e.printStackTrace(System.out);
                                    }
                                    if (attempt == 10) {
                                        failed.incrementAndGet();
                                    }
                                }
                            }
                            done.incrementAndGet();
                        }, pool));
                    }
                    sends.forEach(CompletableFuture::join);
                } finally {
                    pool.shutdown();
                    dropper.shutdownNow();
                }
                long distinct = admin.xrange("dropped", "-", "+", 10_000).stream()
                        .map(e -> e.getFields().get("payload")).distinct().count();
                long length = admin.xlen("dropped");
                System.out.println("IDEMPOTENT-DROPPED sends=2000 failed=" + failed.get() + " caller-retries=" + callerRetries.get()
                        + " xlen=" + length
                        + " distinct=" + distinct + " duplicates=" + (length - distinct));
                assertThat(length).as("no duplicates").isEqualTo(distinct);
                assertThat(failed.get()).isZero();
                assertThat(distinct).isEqualTo(2000);
            }
        }
    }
}
