package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.StreamType;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The producer's batch, asynchronous and trimming behaviour, bad input, and consumers that
 * select entries by type.
 */
class TypesAndProducerIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @StreamType("refund")
    public record Refund(long id) {
    }

    @ApplicationScoped
    public static class Refunds {
        final List<Long> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "money", group = "refunds", types = "refund") Refund refund) {
            seen.add(refund.id());
        }

        List<Long> seen() {
            return seen;
        }
    }

    @Test
    void aConsumerWithTypesGetsOnlyThoseAndAcknowledgesTheRest() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Refunds.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            producer.send("money", new Order(1, 10));
            producer.send("money", new Refund(2));
            producer.send("money", "no type at all");
            producer.send("money", new Refund(3));
            Refunds refunds = app.bean(Refunds.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(refunds.seen()).containsExactly(2L, 3L);
                assertThat(redis.admin().xpending("money", "refunds").getTotal()).isZero();
            });
            assertThat(redis.admin().exists("money:dlq")).isFalse();
        }
    }

    @Test
    void sendAllAndSendAsyncReturnIdsInOrder() throws Exception {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Orders.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            List<Order> orders = IntStream.range(0, 1234).mapToObj(i -> new Order(i, i)).toList();
            List<String> ids = producer.sendAll("batch", orders);
            assertThat(ids).hasSize(1234).doesNotHaveDuplicates();
            List<StreamEntry> stored = redis.admin().xrange("batch", (StreamEntryID) null, (StreamEntryID) null);
            assertThat(stored).extracting(e -> e.getID().toString()).containsExactlyElementsOf(ids);
            assertThat(stored.get(5).getFields()).containsEntry("payload", "{\"amount\":5.0,\"id\":5}")
                    .containsEntry("type", "order");

            List<CompletableFuture<String>> futures = IntStream.range(0, 5000)
                    .mapToObj(i -> producer.sendAsync("async", "m" + i).toCompletableFuture()).toList();
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get();
            List<StreamEntry> async = redis.admin().xrange("async", (StreamEntryID) null, (StreamEntryID) null);
            assertThat(async).hasSize(5000);
            assertThat(async).extracting(e -> e.getID().toString())
                    .containsExactlyElementsOf(futures.stream().map(CompletableFuture::join).toList());
            assertThat(producer.sendAll("batch", List.of())).isEmpty();
        }
    }

    @Test
    void streamsAreTrimmedWhenMaxLenIsSet() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.producer.max-len", "100");
        try (WeldApp app = WeldApp.start(config, Orders.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            for (int i = 0; i < 1000; i++) {
                producer.send("trimmed", "x" + i);
            }
            producer.sendAll("trimmed", IntStream.range(0, 1000).mapToObj(i -> "y" + i).toList());
            // MAXLEN ~ trims whole macro nodes: about 100, never the 2000 sent
            assertThat(redis.admin().xlen("trimmed")).isBetween(100L, 300L);
        }
    }

    @Test
    void badInputIsRefusedAtTheCaller() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Orders.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            assertThatThrownBy(() -> producer.send("s", null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("payload");
            assertThatThrownBy(() -> producer.send("", "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> producer.send("s", "x", Map.of("payload", "y")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
            assertThatThrownBy(() -> producer.sendAsync("s", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> producer.sendAll("s", java.util.Arrays.asList("a", null)))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("payloads[1]");
            assertThat(redis.admin().exists("s")).as("nothing was sent").isFalse();
        }
    }

    @Test
    void sendingWithoutRedisFailsClearlyWithoutTheSecret() {
        Map<String, String> config = WeldApp.defaults(redis);
        int closedPort = io.redstreams.testsupport.RedisServer.freePort();
        config.put("redstreams.redis.url", "redis://app:t0ps3cret@127.0.0.1:" + closedPort);
        config.put("redstreams.redis.timeout-ms", "500");
        try (WeldApp app = WeldApp.start(config, Orders.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            assertThatThrownBy(() -> producer.send("s", "x"))
                    .isInstanceOf(StreamSendException.class)
                    .hasMessageContaining("Cannot send to stream 's'")
                    .hasMessageContaining("redis://app@127.0.0.1:" + closedPort)
                    .hasMessageNotContaining("t0ps3cret");
            assertThat(producer.sendAsync("s", "x").toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(StreamSendException.class);
        }
    }
}
