package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.impl.engine.ServerHosting;
import io.redstreams.testsupport.RedisExtension;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapterInternalException;
import redis.clients.jedis.params.XAddParams;

/**
 * Start, stop, activation and deactivation: all-or-nothing, bounded in time, and leaving no
 * thread and no {@code redstreams*} Redis client behind.
 */
class AdapterLifecycleIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(10);

    public static class TextBean implements StreamListener<String> {
        @Override
        public void onMessage(StreamMessage<String> message) {
        }
    }

    private StartedAdapter started;

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @AfterEach
    void stop() {
        if (started != null) {
            started.close();
        }
        assertThat(ServerHosting.installed()).isEmpty();
    }

    @Test
    void stopLeavesNoThreadNoTimerAndNoRedisClientBehind() throws Exception {
        started = StartedAdapter.start(redis.url());
        RecordingEndpointFactory first = new RecordingEndpointFactory(TextBean.class);
        RecordingEndpointFactory second = new RecordingEndpointFactory(TextBean.class);
        RedStreamsActivationSpec busy = StartedAdapter.spec("texts", "a");
        busy.setConcurrency(3);
        started.activate(first, busy);
        started.activate(second, StartedAdapter.spec("texts", "b"));
        StreamConnectionFactory connections = (StreamConnectionFactory) started.managedConnectionFactory()
                .createConnectionFactory(new PoolingConnectionManager());
        StreamConnection connection = connections.getConnection(); // left open on purpose: stop closes it
        connection.send("texts", "hello");
        ServerHosting.installed().orElseThrow().producerConnections().acquire().close();

        await().atMost(WAIT).until(() -> first.messages.size() == 1 && second.messages.size() == 1);
        assertThat(redis.clientNames()).contains("redstreams-worker", "redstreams-jca", "redstreams-producer");
        assertThat(StartedAdapter.redstreamsThreads()).isNotEmpty();

        started.close();

        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
        assertThat(started.workManager().liveThreads()).isEmpty();
        assertThat(StartedAdapter.redstreamsThreads()).isEmpty();
        assertThat(ServerHosting.installed()).isEmpty();
        assertThatThrownBy(() -> connection.send("texts", "x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void stopLetsADeliveryInProgressFinishAndAcknowledgesIt() throws Exception {
        started = StartedAdapter.start(redis.url());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        RecordingEndpointFactory bean = new RecordingEndpointFactory(TextBean.class);
        bean.onMessage = message -> {
            inside.countDown();
            finish.await(10, TimeUnit.SECONDS);
        };
        started.activate(bean, StartedAdapter.spec("texts", "g"));
        add("texts", "slow");
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(started::close);
        await().atMost(WAIT).until(() -> ServerHosting.installed().isEmpty()); // stop has begun
        assertThat(stopping).isNotDone();
        finish.countDown();
        stopping.get(10, TimeUnit.SECONDS);

        assertThat(bean.events).endsWith("after", "release");
        assertThat(redis.admin().xpending("texts", "g").getTotal()).isZero();
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
        assertThat(started.workManager().liveThreads()).isEmpty();
    }

    @Test
    void stopInterruptsDeliveriesThatOutlastTheShutdownTimeoutAndLeavesThemPending() throws Exception {
        RedStreamsResourceAdapter adapter = StartedAdapter.configured(redis.url());
        adapter.setShutdownTimeoutMs(300L);
        started = StartedAdapter.start(adapter, new TestBootstrapContext());
        CountDownLatch inside = new CountDownLatch(1);
        RecordingEndpointFactory bean = new RecordingEndpointFactory(TextBean.class);
        bean.onMessage = message -> {
            inside.countDown();
            new CountDownLatch(1).await(); // stuck until interrupted
        };
        started.activate(bean, StartedAdapter.spec("texts", "g"));
        add("texts", "stuck");
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        long begin = System.nanoTime();
        started.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

        assertThat(tookMs).isLessThan(5_000);
        assertThat(redis.admin().xpending("texts", "g").getTotal()).as("left for the next start").isEqualTo(1);
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
        assertThat(started.workManager().liveThreads()).isEmpty();
    }

    @Test
    void anActivationTheWorkManagerCannotFullyServeStartsNothing() throws Exception {
        started = StartedAdapter.start(redis.url());
        RedStreamsActivationSpec spec = StartedAdapter.spec("texts", "g");
        spec.setConcurrency(4); // the ack loop, 4 handler loops and the worker: 6 threads
        started.workManager().acceptOnly(3);

        assertThatThrownBy(() -> started.activate(new RecordingEndpointFactory(TextBean.class), spec))
                .isInstanceOf(ResourceException.class)
                .hasMessageContaining("could not start")
                .hasMessageContaining("the WorkManager did not start");

        await().atMost(WAIT).until(() -> started.workManager().liveThreads().isEmpty());
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
        assertThat(started.running().activeEndpoints()).isZero();

        // nothing half-started blocks a second attempt
        started.workManager().acceptAll();
        RecordingEndpointFactory bean = new RecordingEndpointFactory(TextBean.class);
        started.activate(bean, spec);
        add("texts", "now");
        await().atMost(WAIT).until(() -> bean.messages.size() == 1);
    }

    @Test
    void deactivationStopsOnlyThatEndpointAndClosesItsConnections() throws Exception {
        started = StartedAdapter.start(redis.url());
        RecordingEndpointFactory leaving = new RecordingEndpointFactory(TextBean.class);
        RecordingEndpointFactory staying = new RecordingEndpointFactory(TextBean.class);
        RedStreamsActivationSpec leavingSpec = StartedAdapter.spec("texts", "leaving");
        started.activate(leaving, leavingSpec);
        started.activate(staying, StartedAdapter.spec("texts", "staying"));
        add("texts", "one");
        await().atMost(WAIT).until(() -> leaving.messages.size() == 1 && staying.messages.size() == 1);
        int workersBefore = workerClients();

        started.adapter.endpointDeactivation(leaving, leavingSpec);
        started.adapter.endpointDeactivation(leaving, leavingSpec); // twice is harmless

        await().atMost(WAIT).until(() -> workerClients() < workersBefore);
        add("texts", "two");
        await().atMost(WAIT).until(() -> staying.messages.size() == 2);
        assertThat(leaving.messages).hasSize(1);
        assertThat(started.running().activeEndpoints()).isEqualTo(1);
        assertThat(redis.admin().xpending("texts", "leaving").getTotal()).isZero();
    }

    @Test
    void aStoppedOrUnstartedAdapterRefusesActivations() throws Exception {
        RedStreamsResourceAdapter adapter = StartedAdapter.configured(redis.url());
        assertThatThrownBy(() -> adapter.endpointActivation(new RecordingEndpointFactory(TextBean.class),
                StartedAdapter.spec("texts", "g"))).isInstanceOf(ResourceException.class)
                .hasMessageContaining("not started");

        started = StartedAdapter.start(adapter, new TestBootstrapContext());
        started.close();
        assertThatThrownBy(() -> started.activate(new RecordingEndpointFactory(TextBean.class),
                StartedAdapter.spec("texts", "g"))).isInstanceOf(ResourceException.class);
        started = null;
    }

    @Test
    void startReportsEveryBadSettingWithoutShowingSecrets() {
        RedStreamsResourceAdapter adapter = new RedStreamsResourceAdapter();
        adapter.setRedisUrl("http://user:url-secret@somewhere");
        adapter.setRedisPassword("property-secret");
        adapter.setRedisTimeoutMs(-1);
        adapter.setClientName("other");
        adapter.setShutdownTimeoutMs(0L);

        assertThatThrownBy(() -> adapter.start(new TestBootstrapContext()))
                .isInstanceOf(ResourceAdapterInternalException.class)
                .hasMessageContaining("Invalid Redis URL")
                .hasMessageContaining("redstreams.redis.timeout-ms must be greater than 0")
                .hasMessageContaining("redstreams.redis.client-name must start with 'redstreams'")
                .hasMessageContaining("redstreams.shutdown-timeout-ms must be greater than 0")
                .message().doesNotContain("url-secret", "property-secret");
        assertThat(ServerHosting.installed()).isEmpty();
    }

    @Test
    void unsetPropertiesFallBackToSystemProperties() throws Exception {
        RedStreamsResourceAdapter adapter = StartedAdapter.configured(null);
        adapter.setClientName(null);
        System.setProperty("redstreams.redis.url", redis.url());
        System.setProperty("redstreams.redis.client-name", "redstreams-from-sysprop");
        try {
            started = StartedAdapter.start(adapter, new TestBootstrapContext());
            started.managedConnectionFactory().createManagedConnection(null, null);
            assertThat(redis.clientNames()).contains("redstreams-from-sysprop-jca");
        } finally {
            System.clearProperty("redstreams.redis.url");
            System.clearProperty("redstreams.redis.client-name");
        }
    }

    private static int workerClients() {
        return (int) redis.clientNames().stream().filter("redstreams-worker"::equals).count();
    }

    private static void add(String stream, String payload) {
        redis.admin().xadd(stream, XAddParams.xAddParams(), Map.of("payload", payload));
    }
}
