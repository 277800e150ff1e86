package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * The basic promise: what is sent with the injected producer reaches the {@code @StreamConsumer}
 * methods, in every supported parameter shape, and is acknowledged afterwards.
 */
class ProduceAndConsumeIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Billing {
        @Inject
        StreamProducer producer;

        public String checkout(Order order) {
            return producer.send("orders", order);
        }

        void onOrder(@StreamConsumer(stream = "orders", group = "billing") Order order, Orders orders,
                     RequestData requestData) {
            requestData.touch();
            orders.record(order);
        }
    }

    @RequestScoped
    public static class RequestData {
        void touch() {
            // fails with ContextNotActiveException when no request context is active
        }
    }

    @ApplicationScoped
    public static class Shapes {
        final List<Object> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Object> bytes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Object> maps = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Object> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Object> async = new java.util.concurrent.CopyOnWriteArrayList<>();

        void text(@StreamConsumer(stream = "texts", group = "g") String text) {
            texts.add(text);
        }

        void bytes(@StreamConsumer(stream = "blobs", group = "g") byte[] data) {
            bytes.add(data);
        }

        void fields(@StreamConsumer(stream = "raw", group = "g") Map<String, String> fields) {
            maps.add(fields);
        }

        void message(@StreamConsumer(stream = "orders", group = "audit") StreamMessage<Order> message) {
            messages.add(message);
        }

        CompletionStage<Void> later(@StreamConsumer(stream = "later", group = "g") String text) {
            return CompletableFuture.runAsync(() -> async.add(text));
        }

        List<Object> texts() {
            return texts;
        }

        List<Object> bytes() {
            return bytes;
        }

        List<Object> maps() {
            return maps;
        }

        List<Object> messages() {
            return messages;
        }

        List<Object> async() {
            return async;
        }
    }

    @Test
    void typedOrdersSentWithTheProducerAreConsumedAndAcknowledged() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Billing.class, Orders.class, RequestData.class,
                Shapes.class)) {
            Billing billing = app.bean(Billing.class);
            List<String> ids = IntStream.rangeClosed(1, 100).mapToObj(i -> billing.checkout(new Order(i, i * 1.5)))
                    .toList();
            assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("\\d+-\\d+"));

            Orders orders = app.bean(Orders.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(orders.received()).hasSize(100));
            assertThat(orders.received()).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, 100).mapToObj(i -> new Order(i, i * 1.5)).toList());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pending("orders", "billing")).isZero());
            // blocking reads on dedicated worker connections, sends on the producer pool; all named redstreams-*
            assertThat(redis.clientNames()).contains("redstreams-worker", "redstreams-producer");

            Shapes shapes = app.bean(Shapes.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(shapes.messages()).hasSize(100));
            @SuppressWarnings("unchecked")
            StreamMessage<Order> first = (StreamMessage<Order>) shapes.messages().get(0);
            assertThat(first.id()).isEqualTo(ids.get(0));
            assertThat(first.stream()).isEqualTo("orders");
            assertThat(first.type()).isEqualTo("order");
            assertThat(first.payload()).isEqualTo(new Order(1, 1.5));
            assertThat(first.deliveryCount()).isEqualTo(1);
            assertThat(first.headers()).isEmpty();
        }
    }

    @Test
    void entriesWrittenByOtherClientsReachEveryParameterShape() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Billing.class, Orders.class, RequestData.class,
                Shapes.class);
             Jedis jedis = redis.newJedis()) {
            // as redis-cli XADD orders '*' payload '{"id":7,"amount":12.5}' would
            jedis.xadd("orders", StreamEntryID.NEW_ENTRY, Map.of("payload", "{\"id\":7,\"amount\":12.5}"));
            jedis.xadd("texts", StreamEntryID.NEW_ENTRY, Map.of("payload", "héllo"));
            byte[] blob = {0, 1, 2, (byte) 0xff, 10};
            jedis.xadd("blobs".getBytes(StandardCharsets.UTF_8), XAddParams.xAddParams(),
                    Map.of("payload".getBytes(StandardCharsets.UTF_8), blob));
            jedis.xadd("raw", StreamEntryID.NEW_ENTRY, Map.of("sku", "A-1", "qty", "3"));
            jedis.xadd("later", StreamEntryID.NEW_ENTRY, Map.of("payload", "async"));

            Orders orders = app.bean(Orders.class);
            Shapes shapes = app.bean(Shapes.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(orders.received()).containsExactly(new Order(7, 12.5));
                assertThat(shapes.texts()).containsExactly("héllo");
                assertThat(shapes.bytes()).singleElement().isEqualTo(blob);
                assertThat(shapes.maps()).containsExactly(Map.of("sku", "A-1", "qty", "3"));
                assertThat(shapes.async()).containsExactly("async");
            });
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(pending("orders", "billing")).isZero();
                assertThat(pending("later", "g")).isZero();
                assertThat(pending("raw", "g")).isZero();
            });
        }
    }

    @Test
    void headersAndTypeTravelWithTheEntry() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Billing.class, Orders.class, RequestData.class,
                Shapes.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            producer.send("orders", new Order(1, 2), Map.of("trace-id", "abc", "type", "special"));
            Shapes shapes = app.bean(Shapes.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(shapes.messages()).hasSize(1));
            @SuppressWarnings("unchecked")
            StreamMessage<Order> message = (StreamMessage<Order>) shapes.messages().get(0);
            assertThat(message.type()).isEqualTo("special");
            assertThat(message.headers()).containsExactly(Map.entry("trace-id", "abc"));
        }
    }

    private static long pending(String stream, String group) {
        StreamPendingSummary summary = redis.admin().xpending(stream, group);
        return summary.getTotal();
    }
}
