package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.testsupport.RedisExtension;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * A delivery the container refused before the bean ran is not a failed delivery: the entry stays
 * pending, keeps its delivery count (in Redis too), is not dead-lettered, and is delivered once the
 * container takes deliveries again; meanwhile the activation backs off instead of asking the
 * container in a loop.
 */
class ContainerRefusalIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class OrderBean implements StreamListener<Order> {
        @Override
        public void onMessage(StreamMessage<Order> message) {
        }
    }

    private final TestTransactions transactions = new TestTransactions();
    private final List<LogRecord> availabilityLog = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                availabilityLog.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private StartedAdapter started;

    @BeforeEach
    void start() throws Exception {
        redis.flushAll();
        Logger.getLogger(EndpointAvailability.class.getName()).addHandler(logCapture);
        started = StartedAdapter.start(redis.url(), transactions);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(EndpointAvailability.class.getName()).removeHandler(logCapture);
        if (started != null) {
            started.close();
        }
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 4})
    void endpointUnavailableForThreeSecondsLosesNoDeliveryAndDeadLettersNothing(int concurrency) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(add("orders", "{\"id\":\"o-" + i + "\",\"amount\":" + i + "}"));
        }
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger available = new AtomicInteger();
        started.running().onEndpointAvailability(new EndpointAvailability.Listener() {
            @Override
            public void unavailable(String endpoint, String reason) {
                unavailable.incrementAndGet();
            }

            @Override
            public void available(String endpoint, long downMs, long refusals) {
                available.incrementAndGet();
            }
        });
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        long start = System.currentTimeMillis();
        long availableFrom = start + 3000;
        bean.createEndpoint = () -> {
            if (System.currentTimeMillis() < availableFrom) {
                throw new UnavailableException("test: no bean instance in the pool");
            }
        };
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setStartFrom("0");
        spec.setMaxDeliveries(3);
        spec.setConcurrency(concurrency);
        started.activate(bean, spec);

        // every entry's fate known: delivered or dead-lettered
        await().atMost(WAIT).until(() -> pending("orders", "billing") == 0
                && bean.messages.stream().map(StreamMessage::id).distinct().count() + deadLetters() >= 20);
        long took = System.currentTimeMillis() - start;
        List<String> delivered = bean.messages.stream().map(StreamMessage::id).toList();
        long distinct = delivered.stream().distinct().count();
        long deadLettered = deadLetters();
        System.out.printf("endpoint unavailable 3 s, concurrency %d: produced 20, delivered %d, dead-lettered %d,"
                        + " duplicates %d, lost %d; createEndpoint called %d times; every fate known after %d ms%n",
                concurrency, delivered.size(), deadLettered, delivered.size() - distinct, 20 - distinct - deadLettered,
                bean.createEndpointCalls.get(), took);

        assertThat(deadLettered).isZero();
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids);
        if (concurrency == 1) {
            assertThat(delivered).as("stream order").containsExactlyElementsOf(ids);
        }
        assertThat(bean.messages).extracting(StreamMessage::deliveryCount).containsOnly(1L);
        // 20 deliveries plus the refused attempts of a backoff from 100 ms doubling to 5 s: a handful in 3 s,
        // instead of one per entry per retry.
        assertThat(bean.createEndpointCalls.get()).isLessThanOrEqualTo(20 + 10 + concurrency);
        assertThat(unavailable.get()).isEqualTo(1);
        assertThat(available.get()).isEqualTo(1);
        assertThat(availabilityLog).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
        assertThat(availabilityLog.get(0).getMessage()).contains("unavailable").contains("UnavailableException");
        assertThat(availabilityLog.get(1).getMessage()).contains("available again");
    }

    @Test
    void beforeDeliveryRefusingFiveTimesDoesNotUseUpMaxDeliveries() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        AtomicInteger beforeDeliveryCalls = new AtomicInteger();
        bean.beforeDelivery = () -> {
            if (beforeDeliveryCalls.incrementAndGet() <= 5) {
                throw new ResourceException("test: no transaction could begin");
            }
        };
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setMaxDeliveries(3);
        spec.setUnavailableInitialBackoffMs(20L);
        spec.setUnavailableMaxBackoffMs(200L);
        started.activate(bean, spec);
        String id = add("orders", "{\"id\":\"o-1\",\"amount\":1}");

        await().atMost(WAIT).until(() -> bean.messages.size() + deadLetters() >= 1
                && pending("orders", "billing") == 0);
        System.out.printf("beforeDelivery refused 5 times: produced 1, delivered %d, dead-lettered %d,"
                        + " beforeDelivery called %d times%n", bean.messages.size(), deadLetters(),
                beforeDeliveryCalls.get());
        assertThat(redis.admin().exists("orders:dlq")).isFalse();
        assertThat(bean.messages.get(0).id()).isEqualTo(id);
        assertThat(bean.messages.get(0).deliveryCount()).isEqualTo(1);
        assertThat(beforeDeliveryCalls.get()).isEqualTo(6);
        // a refused beforeDelivery started nothing: afterDelivery only for the delivery that ran
        assertThat(bean.events.stream().filter("after"::equals).count()).isEqualTo(1);
        assertThat(bean.events.stream().filter("release"::equals).count()).isEqualTo(6);
    }

    @Test
    void aTransactionThatCannotBeUsedIsEndedWithoutCallingTheBean() throws Exception {
        transactions.unusable.set(4);
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setMaxDeliveries(2);
        spec.setUnavailableInitialBackoffMs(20L);
        started.activate(bean, spec);
        add("orders", "{\"id\":\"o-1\",\"amount\":1}");

        await().atMost(WAIT).until(() -> bean.messages.size() + deadLetters() >= 1
                && pending("orders", "billing") == 0);
        assertThat(deadLetters()).isZero();
        assertThat(bean.messages).hasSize(1);
        assertThat(bean.messages.get(0).deliveryCount()).isEqualTo(1);
        // each refused transaction was still ended by afterDelivery, so the container does not leak it
        assertThat(bean.events.stream().filter("after"::equals).count()).isEqualTo(5);
        assertThat(transactions.unusable.get()).isZero();
    }

    @Test
    void aBeanPoolWithoutAnInstanceInsideTheListenerCallIsARefusal() throws Exception {
        // WildFly takes the bean instance when the endpoint's onMessage is called; a strict pool that has none
        // within its timeout throws from its pool class, and the bean never runs.
        AtomicInteger poolBusy = new AtomicInteger(4);
        List<StreamMessage<?>> seenByTheBean = new CopyOnWriteArrayList<>();
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        bean.onMessage = message -> {
            if (poolBusy.getAndDecrement() > 0) {
                RuntimeException timeout = new RuntimeException("WFLYEJB0378: Failed to acquire a permit within "
                        + "200 MILLISECONDS");
                timeout.setStackTrace(new StackTraceElement[] {
                        new StackTraceElement("org.jboss.as.ejb3.pool.strictmax.StrictMaxPool", "get", null, 1),
                        new StackTraceElement("org.jboss.as.ejb3.component.pool.PooledInstanceInterceptor",
                                "processInvocation", null, 1)});
                throw timeout;
            }
            seenByTheBean.add(message);
        };
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setMaxDeliveries(2);
        spec.setUnavailableInitialBackoffMs(20L);
        started.activate(bean, spec);
        add("orders", "{\"id\":\"o-1\",\"amount\":1}");

        await().atMost(WAIT).until(() -> seenByTheBean.size() + deadLetters() >= 1
                && pending("orders", "billing") == 0);
        assertThat(deadLetters()).isZero();
        assertThat(seenByTheBean).extracting(StreamMessage::deliveryCount).containsExactly(1L);
        // every refused call was still ended by afterDelivery (it rolls back the container transaction)
        assertThat(bean.events.stream().filter("after"::equals).count()).isEqualTo(5);
    }

    @Test
    void refusedEntriesKeepTheirDeliveryCountInRedisAcrossARestart() throws Exception {
        RecordingEndpointFactory refusing = new RecordingEndpointFactory(OrderBean.class, transactions);
        refusing.createEndpoint = () -> {
            throw new UnavailableException("test: the application is still starting");
        };
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setMaxDeliveries(2);
        spec.setUnavailableInitialBackoffMs(20L);
        spec.setUnavailableMaxBackoffMs(50L);
        started.activate(refusing, spec);
        String id = add("orders", "{\"id\":\"o-1\",\"amount\":1}");

        await().atMost(WAIT).until(() -> refusing.createEndpointCalls.get() >= 5);
        started.close();
        started = null;
        // Redis counted every read and claim; the refusals were taken back: it was never delivered
        assertThat(deliveryCount("orders", "billing", id)).isZero();

        started = StartedAdapter.start(redis.url(), transactions);
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        started.activate(bean, StartedAdapter.spec("orders", "billing"));
        await().atMost(WAIT).until(() -> bean.messages.size() == 1 && pending("orders", "billing") == 0);
        assertThat(bean.messages.get(0).deliveryCount()).isEqualTo(1);
        assertThat(redis.admin().exists("orders:dlq")).isFalse();
    }

    @Test
    void workRefusedByTheWorkManagerFailsTheActivationAndLeavesEntriesUntouched() throws Exception {
        String id = add("orders", "{\"id\":\"o-1\",\"amount\":1}");
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setStartFrom("0");
        spec.setMaxDeliveries(1);
        started.workManager().acceptOnly(1); // the ack loop, not the worker
        assertThatThrownBy(() -> started.activate(new RecordingEndpointFactory(OrderBean.class, transactions), spec))
                .isInstanceOf(ResourceException.class).hasMessageContaining("no more threads");
        assertThat(pending("orders", "billing")).isZero();

        started.workManager().acceptAll();
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        started.activate(bean, spec);
        await().atMost(WAIT).until(() -> bean.messages.size() == 1 && pending("orders", "billing") == 0);
        assertThat(bean.messages.get(0).id()).isEqualTo(id);
        assertThat(bean.messages.get(0).deliveryCount()).isEqualTo(1);
        assertThat(redis.admin().exists("orders:dlq")).isFalse();
    }

    @Test
    void aFailingReleaseAfterACommittedDeliveryDoesNotRedeliver() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(OrderBean.class, transactions);
        bean.releaseHook = () -> {
            throw new IllegalStateException("test: release failed");
        };
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setMaxDeliveries(2);
        started.activate(bean, spec);
        add("orders", "{\"id\":\"o-1\",\"amount\":1}");

        await().atMost(WAIT).until(() -> bean.messages.size() == 1 && pending("orders", "billing") == 0);
        add("orders", "{\"id\":\"o-2\",\"amount\":2}"); // a later entry delivered shows the first is not coming back
        await().atMost(WAIT).until(() -> bean.messages.size() == 2 && pending("orders", "billing") == 0);
        assertThat(bean.messages).extracting(StreamMessage::deliveryCount).containsExactly(1L, 1L);
        assertThat(redis.admin().exists("orders:dlq")).isFalse();
    }

    @Test
    void backoffPropertiesAreValidated() {
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setUnavailableInitialBackoffMs(0L);
        spec.setUnavailableMaxBackoffMs(-1L);
        assertThatThrownBy(spec::validate).hasMessageContaining("unavailableInitialBackoffMs must be at least 1")
                .hasMessageContaining("unavailableMaxBackoffMs must be at least");
    }

    private static String add(String stream, String payload) {
        return redis.admin().xadd(stream, XAddParams.xAddParams(), Map.of("payload", payload)).toString();
    }

    private static long deadLetters() {
        return redis.admin().exists("orders:dlq") ? redis.admin().xlen("orders:dlq") : 0;
    }

    private static long pending(String stream, String group) {
        return redis.admin().xpending(stream, group).getTotal();
    }

    private static long deliveryCount(String stream, String group, String id) {
        List<StreamPendingEntry> entries = redis.admin().xpending(stream, group,
                XPendingParams.xPendingParams(id, id, 1));
        return entries.isEmpty() ? -1 : entries.get(0).getDeliveredTimes();
    }
}
