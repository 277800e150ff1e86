package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.testsupport.RedisExtension;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import redis.clients.jedis.params.XAddParams;

/**
 * Message-driven delivery outside a server: a test container's endpoints record
 * beforeDelivery/afterDelivery, and Redis shows when entries are acknowledged.
 */
class InboundDeliveryIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** MDB classes as the container reports them; only their declarations matter. */
    public static class OrderBean implements StreamListener<Order> {
        @Override
        public void onMessage(StreamMessage<Order> message) {
        }
    }

    @SuppressWarnings("rawtypes")
    public static class RawBean implements StreamListener {
        @Override
        public void onMessage(StreamMessage message) {
        }
    }

    public static class ObjectBean implements StreamListener<Object> {
        @Override
        public void onMessage(StreamMessage<Object> message) {
        }
    }

    public static class TextBean implements StreamListener<String> {
        @Override
        public void onMessage(StreamMessage<String> message) {
        }
    }

    private StartedAdapter started;
    private final TestTransactions transactions = new TestTransactions();

    @BeforeEach
    void start() throws Exception {
        redis.flushAll();
        started = StartedAdapter.start(redis.url(), transactions);
    }

    @AfterEach
    void stop() {
        started.close();
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
    }

    @Test
    void deliversTypedPayloadsBetweenBeforeAndAfterDeliveryOnWorkManagerThreads() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        started.activate(bean, StartedAdapter.spec("orders", "billing"));

        String id = add("orders", Map.of("payload", "{\"id\":\"o-1\",\"amount\":12.5}", "type", "order-created",
                "tenant", "acme"));

        await().atMost(WAIT).until(() -> bean.events.contains("release"));
        StreamMessage<?> message = bean.messages.get(0);
        assertThat(message.payload()).isEqualTo(new Order("o-1", 12.5));
        assertThat(message.id()).isEqualTo(id);
        assertThat(message.stream()).isEqualTo("orders");
        assertThat(message.type()).isEqualTo("order-created");
        assertThat(message.headers()).containsExactly(Map.entry("tenant", "acme"));
        assertThat(message.deliveryCount()).isEqualTo(1);
        assertThat(message.timestamp().toEpochMilli()).isEqualTo(Long.parseLong(id.split("-")[0]));
        assertThat(message.sequence()).isEqualTo(Long.parseLong(id.split("-")[1]));
        assertThat(bean.events).containsExactly("before onMessage", "message " + id, "after", "release");
        assertThat(started.workManager().owns(bean.threads.get(0))).isTrue();
        assertThat(started.workManager().longRunningHints()).isNotEmpty()
                .allMatch(name -> name.startsWith("redstreams-"));
        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0);
    }

    @Test
    void acknowledgesOnlyAfterAfterDeliveryReturned() throws Exception {
        CountDownLatch insideOnMessage = new CountDownLatch(1);
        CountDownLatch leaveOnMessage = new CountDownLatch(1);
        CountDownLatch insideAfterDelivery = new CountDownLatch(1);
        CountDownLatch leaveAfterDelivery = new CountDownLatch(1);
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        bean.onMessage = message -> {
            insideOnMessage.countDown();
            leaveOnMessage.await(10, TimeUnit.SECONDS);
        };
        bean.afterDelivery = () -> {
            insideAfterDelivery.countDown();
            awaitQuietly(leaveAfterDelivery);
        };
        started.activate(bean, StartedAdapter.spec("orders", "billing"));
        add("orders", Map.of("payload", "{\"id\":\"o-2\",\"amount\":1}"));

        assertThat(insideOnMessage.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pending("orders", "billing")).as("pending while onMessage runs").isEqualTo(1);
        leaveOnMessage.countDown();
        assertThat(insideAfterDelivery.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pending("orders", "billing")).as("pending while afterDelivery runs").isEqualTo(1);
        leaveAfterDelivery.countDown();

        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0);
        assertThat(bean.messages).hasSize(1);
        assertThat(bean.events).endsWith("after", "release");
    }

    @Test
    void redeliversWhenTheListenerThrows() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        bean.onMessage = message -> {
            if (message.deliveryCount() == 1) {
                throw new IllegalStateException("first delivery fails");
            }
        };
        started.activate(bean, StartedAdapter.spec("orders", "billing"));
        String id = add("orders", Map.of("payload", "{\"id\":\"o-3\",\"amount\":3}"));

        await().atMost(WAIT).until(() -> bean.messages.size() == 2);
        assertThat(bean.messages).extracting(StreamMessage::id).containsOnly(id);
        assertThat(bean.messages).extracting(StreamMessage::deliveryCount).containsExactly(1L, 2L);
        // each attempt ran its full bracket, the failed one included
        assertThat(bean.events.stream().filter(e -> e.equals("after")).count()).isGreaterThanOrEqualTo(2);
        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0);
        assertThat(redis.admin().exists("orders:dlq")).isFalse();
    }

    @Test
    void redeliversWhenAfterDeliveryFails() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        bean.afterDelivery = () -> {
            if (bean.messages.size() == 1) {
                throw new ResourceException("commit failed");
            }
        };
        started.activate(bean, StartedAdapter.spec("orders", "billing"));
        add("orders", Map.of("payload", "{\"id\":\"o-4\",\"amount\":4}"));

        await().atMost(WAIT).until(() -> bean.messages.size() == 2);
        assertThat(bean.messages.get(1).deliveryCount()).isEqualTo(2);
        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0);
    }

    @Test
    void redeliversWhenTheContainerTransactionRollsBackAlthoughAfterDeliveryReturned() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        bean.onMessage = message -> {
            if (message.deliveryCount() == 1) {
                transactions.setRollbackOnly(); // the bean's setRollbackOnly(); afterDelivery will not throw
            }
        };
        started.activate(bean, StartedAdapter.spec("orders", "billing"));
        add("orders", Map.of("payload", "{\"id\":\"o-5\",\"amount\":5}"));

        await().atMost(WAIT).until(() -> bean.messages.size() == 2);
        assertThat(bean.messages.get(1).deliveryCount()).isEqualTo(2);
        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0);
        assertThat(bean.messages).hasSize(2);
    }

    @Test
    void deadLettersPastMaxDeliveries() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions).failing("boom");
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setMaxDeliveries(2);
        started.activate(bean, spec);
        String id = add("orders", Map.of("payload", "{\"id\":\"o-6\",\"amount\":6}", "tenant", "acme"));

        await().atMost(WAIT).until(() -> redis.admin().xlen("orders:dlq") == 1);
        Map<String, String> dead = redis.admin().xrange("orders:dlq", "-", "+").get(0).getFields();
        assertThat(dead).containsEntry("source-stream", "orders").containsEntry("source-id", id)
                .containsEntry("group", "billing").containsEntry("deliveries", "2")
                .containsEntry("payload", "{\"id\":\"o-6\",\"amount\":6}").containsEntry("tenant", "acme");
        assertThat(dead.get("error")).contains("IllegalStateException").contains("boom");
        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0);
        assertThat(bean.messages).hasSize(2);
    }

    @Test
    void aDeliveryPastProcessingTimeoutMsIsInterruptedRetriedAndDeadLettered() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        java.util.List<Boolean> interrupted = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions)
                .onEachMessage(message -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        interrupted.add(true);
                        Thread.currentThread().interrupt();
                    }
                });
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setMaxDeliveries(2);
        spec.setProcessingTimeoutMs(300L);
        spec.validate();
        started.activate(bean, spec);
        String id = add("orders", Map.of("payload", "{\"id\":\"o-9\",\"amount\":9}"));

        await().atMost(WAIT).until(() -> redis.admin().xlen("orders:dlq") == 1);
        Map<String, String> dead = redis.admin().xrange("orders:dlq", "-", "+").get(0).getFields();
        assertThat(dead).containsEntry("source-id", id).containsEntry("deliveries", "2");
        assertThat(dead.get("error")).contains("300");
        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0);
        assertThat(bean.messages).hasSize(2);
        await().atMost(WAIT).until(() -> interrupted.size() == 2);
    }

    @Test
    void processingTimeoutMsMustNotBeNegative() {
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setProcessingTimeoutMs(-1L);
        assertThatThrownBy(spec::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("processingTimeoutMs must be 0");
    }

    @Test
    void payloadTypeActivationPropertyServesBeansImplementingTheRawInterface() throws Exception {
        RecordingEndpointFactory fields = new RecordingEndpointFactory(RawBean.class);
        RedStreamsActivationSpec fieldsSpec = StartedAdapter.spec("events", "audit");
        fieldsSpec.setPayloadType("java.util.Map");
        started.activate(fields, fieldsSpec);
        RecordingEndpointFactory bytes = new RecordingEndpointFactory(RawBean.class);
        RedStreamsActivationSpec bytesSpec = StartedAdapter.spec("events", "archive");
        bytesSpec.setPayloadType("byte[]");
        started.activate(bytes, bytesSpec);

        add("events", Map.of("payload", "hello", "source", "test"));

        await().atMost(WAIT).until(() -> fields.messages.size() == 1 && bytes.messages.size() == 1);
        assertThat(fields.messages.get(0).payload()).isEqualTo(Map.of("payload", "hello", "source", "test"));
        assertThat((byte[]) bytes.messages.get(0).payload()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deliversOnlyTheConfiguredTypesAndAcknowledgesTheRest() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(TextBean.class);
        RedStreamsActivationSpec spec = StartedAdapter.spec("mixed", "g");
        spec.setTypes("created, paid");
        started.activate(bean, spec);

        add("mixed", Map.of("payload", "a", "type", "created"));
        add("mixed", Map.of("payload", "b", "type", "shipped"));
        add("mixed", Map.of("payload", "c", "type", "paid"));

        await().atMost(WAIT).until(() -> bean.messages.size() == 2 && pending("mixed", "g") == 0);
        assertThat(bean.messages).extracting(m -> (Object) m.payload()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void activationFailsOnPayloadTypesTheEngineCannotMap() {
        assertThatThrownBy(() -> started.activate(new RecordingEndpointFactory(ObjectBean.class),
                StartedAdapter.spec("orders", "billing")))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining(ObjectBean.class.getName())
                .hasMessageContaining("Object is not a payload type");
        assertThatThrownBy(() -> started.activate(new RecordingEndpointFactory(RawBean.class),
                StartedAdapter.spec("orders", "billing")))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("without a type argument")
                .hasMessageContaining("payloadType");
        RedStreamsActivationSpec conflicting = StartedAdapter.spec("orders", "billing");
        conflicting.setPayloadType("java.lang.String");
        assertThatThrownBy(() -> started.activate(new RecordingEndpointFactory(OrderBean.class), conflicting))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("make them agree");
        assertThat(started.workManager().liveThreads()).isEmpty();
    }

    @Test
    void twoBeansCannotReadAsTheSameConsumerOfTheSameGroup() throws Exception {
        started.activate(new RecordingEndpointFactory(OrderBean.class), StartedAdapter.spec("orders", "billing"));

        assertThatThrownBy(() -> started.activate(new RecordingEndpointFactory(TextBean.class),
                StartedAdapter.spec("orders", "billing")))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("already used by " + OrderBean.class.getName());

        RedStreamsActivationSpec otherConsumer = StartedAdapter.spec("orders", "billing");
        otherConsumer.setConsumer("second");
        started.activate(new RecordingEndpointFactory(TextBean.class), otherConsumer);
        assertThat(started.running().activeEndpoints()).isEqualTo(2);
    }

    private static String add(String stream, Map<String, String> fields) {
        return redis.admin().xadd(stream, XAddParams.xAddParams(), fields).toString();
    }

    private static long pending(String stream, String group) {
        return redis.admin().xpending(stream, group).getTotal();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
