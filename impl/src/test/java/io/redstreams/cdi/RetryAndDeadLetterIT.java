package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Failed deliveries come back with a growing delivery count; past maxDeliveries, and at once for
 * undecodable payloads, the entry goes to the dead-letter stream with the reason, and the
 * consumer goes on.
 */
class RetryAndDeadLetterIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Flaky {
        final Map<Long, List<Long>> deliveries = new ConcurrentHashMap<>();
        final List<Long> succeeded = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "payments", group = "ledger", maxDeliveries = 3) StreamMessage<Order> m) {
            long id = m.payload().id();
            List<Long> counts = deliveries.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
            counts.add(m.deliveryCount());
            if (id == 13) {
                throw new IllegalStateException("order 13 is cursed");
            }
            if (id == 7 && counts.size() < 3) {
                throw new IllegalArgumentException("not yet");
            }
            succeeded.add(id);
        }

        Map<Long, List<Long>> deliveries() {
            return deliveries;
        }

        List<Long> succeeded() {
            return succeeded;
        }
    }

    @Test
    void failedEntriesAreRedeliveredThenDeadLetteredAndTheRestFlows() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Flaky.class)) {
            var producer = app.bean(io.redstreams.StreamProducer.class);
            String cursed = null;
            for (long i = 1; i <= 20; i++) {
                String id = producer.send("payments", new Order(i, i));
                if (i == 13) {
                    cursed = id;
                }
            }
            Flaky flaky = app.bean(Flaky.class);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(flaky.succeeded()).hasSize(19);
                assertThat(redis.admin().xlen("payments:dlq")).isEqualTo(1);
                assertThat(redis.admin().xpending("payments", "ledger").getTotal()).isZero();
            });
            assertThat(flaky.deliveries().get(7L)).containsExactly(1L, 2L, 3L);
            assertThat(flaky.deliveries().get(13L)).containsExactly(1L, 2L, 3L);
            assertThat(flaky.deliveries().get(1L)).containsExactly(1L);

            StreamEntry dead = redis.admin().xrange("payments:dlq", (StreamEntryID) null, (StreamEntryID) null).get(0);
            assertThat(dead.getFields())
                    .containsEntry("payload", "{\"amount\":13.0,\"id\":13}")
                    .containsEntry("type", "order")
                    .containsEntry("error", "java.lang.IllegalStateException: order 13 is cursed")
                    .containsEntry("source-stream", "payments")
                    .containsEntry("source-id", cursed)
                    .containsEntry("group", "ledger")
                    .containsEntry("deliveries", "3");
        }
    }

    @ApplicationScoped
    public static class Strict {
        final List<Long> handled = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "strict", group = "g") Order order) {
            handled.add(order.id());
        }

        List<Long> handled() {
            return handled;
        }
    }

    @Test
    void undecodableEntriesGoStraightToTheDeadLetterStreamWithTheReason() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Strict.class)) {
            var jedis = redis.admin();
            jedis.xadd("strict", StreamEntryID.NEW_ENTRY, Map.of("payload", "{\"id\":1,\"amount\":1}"));
            jedis.xadd("strict", StreamEntryID.NEW_ENTRY, Map.of("payload", "{not json"));
            jedis.xadd("strict", StreamEntryID.NEW_ENTRY, Map.of("payload", "[1,2,3]"));
            jedis.xadd("strict", StreamEntryID.NEW_ENTRY, Map.of("payload", "{\"id\":\"abc\"}"));
            jedis.xadd("strict", StreamEntryID.NEW_ENTRY, Map.of("something", "else"));
            jedis.xadd("strict", StreamEntryID.NEW_ENTRY, Map.of("payload", "{\"id\":2,\"amount\":2}"));

            Strict strict = app.bean(Strict.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(strict.handled()).containsExactly(1L, 2L);
                assertThat(jedis.xlen("strict:dlq")).isEqualTo(4);
                assertThat(jedis.xpending("strict", "g").getTotal()).isZero();
            });
            List<StreamEntry> dead = jedis.xrange("strict:dlq", (StreamEntryID) null, (StreamEntryID) null);
            assertThat(dead).allSatisfy(e -> {
                assertThat(e.getFields().get("error")).startsWith("undecodable payload: ");
                assertThat(e.getFields()).containsEntry("deliveries", "1").containsEntry("group", "g");
            });
            assertThat(dead.get(0).getFields()).containsEntry("payload", "{not json");
            assertThat(dead.get(3).getFields()).containsEntry("something", "else");
            assertThat(dead.get(3).getFields().get("error")).contains("no 'payload' field");
        }
    }
}
