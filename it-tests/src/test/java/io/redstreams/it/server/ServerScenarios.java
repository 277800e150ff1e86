package io.redstreams.it.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.Amounts;
import io.redstreams.it.app.Streams;
import io.redstreams.it.server.app.OutboundSender;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Scenarios 1, 2, 3 and 6 against one deployment of {@link ServerApps#app(String)} named {@value #APP}, with
 * the resource adapter deployed; the subclasses say how each server gets the two. The tests run in this JVM
 * and drive the application over HTTP; Redis tells what happened.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ServerScenarios {

    protected static final String APP = "app";

    protected final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @ArquillianResource
    @OperateOnDeployment(APP)
    URL base;

    @Test
    @Order(1)
    void s1_statelessBeanProducesAndCdiConsumerReceivesEveryOrderAcknowledged() {
        assertThat(send(Streams.ORDERS, 1, 100, 12.5)).isEqualTo("sent 100");

        Set<Long> expected = LongStream.rangeClosed(1, 100).boxed().collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received()).containsAll(expected));
        assertThat(received()).hasSize(100);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).as("XPENDING").isZero();
            assertThat(redis.orderIds(Streams.ORDERS_SEEN)).as("echoed with the injected producer")
                    .isEqualTo(expected);
        });
        assertThat(redis.length(Streams.ORDERS + ":dlq")).as("dead letters").isZero();
    }

    @Test
    @Order(2)
    void s2_messageDrivenBeanAcknowledgesAfterCommitRedeliversAndDeadLetters() {
        send(Streams.MDB, 1, 20, 3);
        send(Streams.MDB, 21, 1, Amounts.ALWAYS_FAIL);
        send(Streams.MDB, 22, 1, Amounts.ROLLBACK);
        send(Streams.MDB, 23, 1, Amounts.FAIL_ONCE);
        int maxDeliveries = Integer.parseInt(Streams.MDB_MAX_DELIVERIES);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<Long, String> report = mdbReport();
            for (long id = 1; id <= 20; id++) {
                assertThat(report).containsEntry(id, "1 done");
            }
            assertThat(report).containsEntry(23L, "2 done");
            assertThat(report).containsEntry(21L, maxDeliveries + " failed");
            assertThat(report).containsEntry(22L, maxDeliveries + " failed");
            assertThat(redis.length(Streams.MDB + ":dlq")).isEqualTo(2);
            assertThat(redis.pending(Streams.MDB, Streams.MDB_GROUP)).isZero();
        });
        List<StreamEntry> deadLetters = redis.entries(Streams.MDB + ":dlq");
        assertThat(deadLetters).extracting(e -> e.getFields().get("deliveries"))
                .containsOnly(Streams.MDB_MAX_DELIVERIES);
        assertThat(deadLetters).extracting(e -> e.getFields().get("group")).containsOnly(Streams.MDB_GROUP);
        assertThat(deadLetters).extracting(e -> e.getFields().get("payload"))
                .anySatisfy(p -> assertThat(p).contains("\"id\":21"))
                .anySatisfy(p -> assertThat(p).contains("\"id\":22"));
        // no more deliveries once dead-lettered
        assertThat(mdbReport()).containsEntry(21L, maxDeliveries + " failed");
    }

    @Test
    @Order(3)
    void s3_outboundConnectionFactorySendsAndConnectionsReturnToTheBoundedPool() throws Exception {
        int callers = 8;
        int perCaller = 25;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<CompletableFuture<String>> calls = LongStream.range(0, callers)
                    .mapToObj(c -> CompletableFuture.supplyAsync(() -> Http.get(base, "control?op=outbound&stream="
                            + Streams.OUTBOUND + "&first=" + (c * 1000) + "&count=" + perCaller), pool))
                    .toList();
            for (CompletableFuture<String> call : calls) {
                assertThat(call.get()).isEqualTo("sent " + perCaller);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(redis.length(Streams.OUTBOUND)).isEqualTo((long) callers * perCaller);
        List<String> jca = redis.redstreamsClients().stream().filter(n -> n.endsWith("-jca")).toList();
        assertThat(jca).as("pooled outbound connections after %d concurrent senders", callers)
                .isNotEmpty().hasSizeLessThanOrEqualTo(OutboundSender.MAX_POOL_SIZE);
    }

    @Test
    @Order(6)
    void s6_consumersResumeAfterARedisRestartWithoutRedeploying() {
        ItRedis.REDIS.server().restart(); // no persistence: streams and groups are gone too

        // The first send on a connection the restart broke may fail (sends are not retried: Redis 7 has no
        // idempotent XADD); the pool must then discard it, so a caller's retry works.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> trySend("control?op=send&stream=" + Streams.ORDERS + "&first=5000&count=1&amount=1"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> trySend("control?op=send&stream=" + Streams.MDB + "&first=5000&count=1&amount=1"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> trySend("control?op=outbound&stream=" + Streams.OUTBOUND + "&first=5000&count=1"));
        redis.addOrder(Streams.ORDERS, 5001, 1);
        redis.addOrder(Streams.MDB, 5001, 1);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(received()).contains(5000L, 5001L);
            assertThat(mdbReport()).containsEntry(5000L, "1 done").containsEntry(5001L, "1 done");
            assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).isZero();
            assertThat(redis.pending(Streams.MDB, Streams.MDB_GROUP)).isZero();
        });
        assertThat(redis.orderIds(Streams.OUTBOUND)).contains(5000L);
    }

    protected String send(String stream, long first, int count, double amount) {
        return Http.get(base, "control?op=send&stream=" + stream + "&first=" + first + "&count=" + count
                + "&amount=" + amount);
    }

    private boolean trySend(String path) {
        try {
            Http.get(base, path);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    protected Set<Long> received() {
        String body = Http.get(base, "control?op=received").trim();
        return body.isEmpty() ? Set.of()
                : Arrays.stream(body.split(",")).map(Long::valueOf).collect(Collectors.toSet());
    }

    /** @return order id to {@code "<deliveries> done|failed"} */
    protected Map<Long, String> mdbReport() {
        return Http.get(base, "control?op=mdb").lines().filter(l -> !l.isBlank())
                .map(l -> l.split(" ", 2))
                .collect(Collectors.toMap(p -> Long.valueOf(p[0]), p -> p[1]));
    }
}
