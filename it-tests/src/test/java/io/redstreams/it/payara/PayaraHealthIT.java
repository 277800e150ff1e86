package io.redstreams.it.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.CountedOrders;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;
import io.redstreams.testsupport.RedisServer;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamConsumerInfo;

/**
 * Issue 12 on Payara Micro: MicroProfile Health shows the {@code redstreams} checks of an application whose
 * {@code @StreamConsumer} runs on the resource adapter, readiness goes DOWN with the reason while Redis is stopped
 * (liveness stays UP: restarting the JVM would not bring Redis back) and UP again when it returns, and the orders
 * produced before and after the outage are all consumed.
 *
 * <p>Redis is saved ({@code SAVE}) before it is stopped, as a Redis with persistence would be, so what was written
 * before the outage is still there after it; the test Redis otherwise keeps nothing across a restart.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraHealthIT {

    private static final int BEFORE = 1000;
    private static final int AFTER = 1000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment(testable = false)
    static WebArchive app() {
        return ServerApps.healthApp("probes.war");
    }

    @ArquillianResource
    URL base;

    @Test
    void readinessFollowsRedisLivenessStaysUpAndNoOrderIsLost() throws IOException {
        PayaraHealth health = new PayaraHealth(base);
        String key = consumerKey();

        PayaraHealth.Check started = health.await("started", "UP", PATIENCE);
        assertThat(started.data()).containsEntry("phase", "started").containsKey(key);
        PayaraHealth.Check ready = health.await("ready", "UP", PATIENCE);
        assertThat(ready.data()).as("one entry per consumer, and the producer pool").containsEntry(key, "READING")
                .containsKey("producer-pool");
        assertThat(ready.data().keySet()).filteredOn(k -> k.contains("/")).containsExactly(key);
        PayaraHealth.Check live = health.await("live", "UP", PATIENCE);
        assertThat(live.data()).containsEntry(key, "live");
        System.out.println("[PayaraHealthIT] readiness before the outage: " + ready.json());

        RedisServer server = ItRedis.REDIS.server();
        Path dump = server.dir().resolve("dump.rdb");
        try {
            // in one round trip, then saved and stopped at once: the outage catches orders not consumed yet
            addOrders(1, BEFORE);
            ItRedis.REDIS.admin().save();
            server.stop();
            int handledAtStop = deliveries().size();

            PayaraHealth.Check down = health.await("ready", "DOWN", PATIENCE);
            assertThat(String.valueOf(down.data().get(key))).as("the consumer's readiness entry")
                    .startsWith("RECONNECTING: ").contains(ItRedis.REDIS.url());
            assertThat(down.httpStatus()).isEqualTo(503);
            PayaraHealth.Check stillLive = health.probe("live");
            assertThat(stillLive.status()).as("liveness while Redis is down: %s", stillLive.json()).isEqualTo("UP");
            assertThat(stillLive.data()).containsEntry(key, "live");
            assertThat(health.probe("started").status()).isEqualTo("UP");
            System.out.println("[PayaraHealthIT] readiness while Redis is stopped: " + down.json());
            System.out.println("[PayaraHealthIT] liveness while Redis is stopped: " + stillLive.json());
            System.out.printf("[PayaraHealthIT] orders handled by the time Redis was down: %d of %d%n", handledAtStop,
                    BEFORE);

            server.restart();
        } finally {
            if (!server.isRunning()) {
                server.restart();
            }
            Files.deleteIfExists(dump); // later restarts (other classes) must not load this test's data
        }
        PayaraHealth.Check back = health.await("ready", "UP", PATIENCE);
        assertThat(back.data()).containsEntry(key, "READING");
        System.out.println("[PayaraHealthIT] readiness after Redis returned: " + back.json());

        addOrders(BEFORE + 1, BEFORE + AFTER);
        int produced = BEFORE + AFTER;
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(deliveries()).as("orders handled").hasSize(produced);
            assertThat(redis.pending(CountedOrders.STREAM, CountedOrders.GROUP)).as("XPENDING").isZero();
        });
        Map<Long, Integer> deliveries = deliveries();
        long lost = produced - deliveries.keySet().stream().filter(id -> id >= 1 && id <= produced).count();
        int duplicates = deliveries.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("[PayaraHealthIT] produced=%d (before the outage %d, after %d) handled=%d duplicates=%d"
                + " lost=%d%n", produced, BEFORE, AFTER, deliveries.size(), duplicates, lost);
        assertThat(lost).isZero();
        assertThat(health.probe("live").status()).isEqualTo("UP");
    }

    /** Adds orders {@code first..last} as a foreign client would, in one pipeline. */
    private static void addOrders(long first, long last) {
        try (Pipeline pipeline = ItRedis.REDIS.admin().pipelined()) {
            for (long id = first; id <= last; id++) {
                pipeline.xadd(CountedOrders.STREAM, StreamEntryID.NEW_ENTRY,
                        Map.of("payload", "{\"id\":" + id + ",\"amount\":1.0}"));
            }
            pipeline.sync();
        }
    }

    /** {@code stream/group/consumer} of the application's one consumer, as Redis names it. */
    private String consumerKey() {
        String consumer = await().atMost(PATIENCE).until(() -> {
            try {
                return ItRedis.REDIS.admin().xinfoConsumers(CountedOrders.STREAM, CountedOrders.GROUP).stream()
                        .map(StreamConsumerInfo::getName).findFirst().orElse(null);
            } catch (RuntimeException noGroupYet) {
                return null;
            }
        }, Objects::nonNull);
        return CountedOrders.STREAM + "/" + CountedOrders.GROUP + "/" + consumer;
    }

    /** @return order id to the number of times the consumer method got it */
    private Map<Long, Integer> deliveries() {
        String body = Http.get(base, "rest/deliveries").trim();
        if (body.isEmpty()) {
            return Map.of();
        }
        return Arrays.stream(body.split(",")).map(p -> p.split(":"))
                .collect(Collectors.toMap(p -> Long.valueOf(p[0]), p -> Integer.valueOf(p[1])));
    }
}
