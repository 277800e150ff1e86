package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.engine.ConsumerStatus;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.EngineStatus;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.ServerHosting;
import io.redstreams.testsupport.RedisExtension;

/**
 * Message-driven beans in the health checks of the application that deploys them (issue 12): their consumers are
 * data entries {@code stream/group/consumer} marked as message-driven beans, count in readiness and liveness, and
 * follow a real redis-server that is stopped and started again. The adapter's outbound connections are there too.
 */
class MessageDrivenHealthIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String KEY = "mdb-health/shipping/c1";
    private static final String MARK = " (message-driven bean " + Shipping.class.getName() + ")";

    /** The application's message-driven bean. */
    public static class Shipping implements StreamListener<String> {
        @Override
        public void onMessage(StreamMessage<String> message) {
        }
    }

    private StartedAdapter started;

    @BeforeEach
    void clean() {
        if (!redis.server().isRunning()) {
            redis.server().restart();
        }
        redis.flushAll();
    }

    @AfterEach
    void stop() {
        if (started != null) {
            started.close();
        }
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
        assertThat(ServerHosting.installed()).isEmpty();
    }

    @Test
    void aMessageDrivenBeanCountsInItsApplicationsReadinessAndLivenessAndFollowsRedis() throws Exception {
        started = StartedAdapter.start(redis.url());
        RecordingEndpointFactory bean = new RecordingEndpointFactory(Shipping.class);
        RedStreamsActivationSpec spec = StartedAdapter.spec("mdb-health", "shipping");
        spec.setConsumer("c1");
        started.activate(bean, spec);

        EngineStatus adapter = ServerHosting.installed().orElseThrow().lender().status();
        assertThat(adapter.consumers()).as("the adapter's engine reports its beans apart").isEmpty();
        assertThat(adapter.endpoints()).extracting(ConsumerStatus::key, ConsumerStatus::name)
                .containsExactly(tuple(KEY, Shipping.class.getName()));

        try (HostedApp app = HostedApp.start(redis.url())) { // message-driven beans only: no @StreamConsumer method
            await().atMost(WAIT).until(() -> HostedApp.up(app.readiness()));
            HealthCheckResponse ready = app.readiness();
            assertThat(HostedApp.data(ready, KEY)).isEqualTo("READING" + MARK);
            assertThat(HostedApp.data(ready, "producer-pool")).startsWith("active=");
            assertThat(HostedApp.data(app.liveness(), KEY)).isEqualTo("live" + MARK);
            assertThat(HostedApp.up(app.liveness())).isTrue();
            assertThat(HostedApp.up(app.startup())).isTrue();
            assertThat(HostedApp.data(app.startup(), KEY)).isEqualTo("READING" + MARK);

            redis.server().stop();
            await().atMost(WAIT).until(() -> !HostedApp.up(app.readiness()));
            HealthCheckResponse down = app.readiness();
            System.out.println("readiness of a message-driven bean while Redis is stopped: "
                    + HostedApp.describe(down));
            assertThat(HostedApp.data(down, KEY)).startsWith("RECONNECTING: ").endsWith(MARK);
            HealthCheckResponse live = app.liveness();
            assertThat(HostedApp.up(live)).as("a consumer waiting to reconnect is live").isTrue();
            assertThat(HostedApp.data(live, KEY)).isEqualTo("live" + MARK);

            redis.server().restart();
            await().atMost(WAIT).until(() -> HostedApp.up(app.readiness()));
            assertThat(HostedApp.data(app.readiness(), KEY)).isEqualTo("READING" + MARK);
            try (StreamConnection connection = connections().getConnection()) {
                connection.send("mdb-health", "after the restart");
            }
            await().atMost(WAIT).until(() -> bean.messages.size() == 1);

            started.adapter.endpointDeactivation(bean, spec);
            HealthCheckResponse after = app.readiness();
            assertThat(HostedApp.data(after, KEY)).as("a deactivated bean leaves the data").isNull();
            assertThat(HostedApp.up(after)).isTrue();
        }
    }

    @Test
    void theOutboundConnectionsAreInTheHealthData() throws Exception {
        started = StartedAdapter.start(redis.url());
        StreamConnectionFactory connections = connections();
        try (HostedApp app = HostedApp.start(redis.url())) {
            assertThat(HostedApp.data(app.readiness(), "jca-pool"))
                    .isEqualTo("active=0, open=0 (pooled by the server)");
            try (StreamConnection connection = connections.getConnection()) {
                connection.send("mdb-outbound", "one");
                assertThat(HostedApp.data(app.readiness(), "jca-pool"))
                        .isEqualTo("active=1, open=1 (pooled by the server)");
            }
            assertThat(HostedApp.data(app.liveness(), "jca-pool")).isEqualTo("active=0, open=1 (pooled by the server)");
        }
    }

    @Test
    void anApplicationReportsOnlyTheBeansItCanLoad() throws Exception {
        started = StartedAdapter.start(redis.url());
        started.activate(new RecordingEndpointFactory(Shipping.class), StartedAdapter.spec("mdb-seen", "g"));
        ServerHosting hosting = ServerHosting.installed().orElseThrow();
        EngineSettings settings = EngineSettings.from(RedStreamsConfig.read(ConfigLookup.of(Map.of())));

        ClassLoader other = new URLClassLoader("another application", new URL[0], ClassLoader.getPlatformClassLoader());
        try (RedStreamsEngine blind = hostedEngine(hosting, settings, other);
             RedStreamsEngine seeing = hostedEngine(hosting, settings, new URLClassLoader("this application",
                     new URL[0], getClass().getClassLoader()))) {
            assertThat(blind.status().endpoints()).as("another application's bean").isEmpty();
            assertThat(seeing.status().endpoints()).extracting(ConsumerStatus::stream).containsExactly("mdb-seen");
            assertThat(seeing.status().consumers()).isEmpty();
        }
    }

    /**
     * WildFly starts an adapter instance of its own for an application's {@code @ConnectionFactoryDefinition} and hosts
     * the application on it (the latest installed), while it activates the application's message-driven bean on the
     * deployed adapter's instance: the application still reports the bean, in its health data.
     */
    @Test
    void aBeanActivatedOnAnotherInstanceOfTheAdapterIsReportedByTheApplicationHostedOnTheLatest() throws Exception {
        started = StartedAdapter.start(redis.url());
        StartedAdapter definition = StartedAdapter.start(redis.url()); // the connection factory definition's instance
        try {
            assertThat(ServerHosting.everyInstalled()).hasSize(2);
            assertThat(ServerHosting.installed().orElseThrow()).as("the application is hosted by the latest instance")
                    .isNotSameAs(ServerHosting.everyInstalled().get(0));
            RedStreamsActivationSpec spec = StartedAdapter.spec("mdb-health", "shipping");
            spec.setConsumer("c1");
            started.activate(new RecordingEndpointFactory(Shipping.class), spec);
            try (HostedApp app = HostedApp.start(redis.url())) {
                await().atMost(WAIT).until(() -> HostedApp.up(app.readiness()));
                HealthCheckResponse ready = app.readiness();
                System.out.println("readiness with the bean on the first of two adapter instances: "
                        + HostedApp.describe(ready));
                assertThat(HostedApp.data(ready, KEY)).isEqualTo("READING" + MARK);
                assertThat(HostedApp.data(app.liveness(), KEY)).isEqualTo("live" + MARK);
            }
        } finally {
            definition.close();
        }
    }

    /** An application engine hosted by the adapter, built on a thread whose context class loader is {@code loader}. */
    private static RedStreamsEngine hostedEngine(ServerHosting hosting, EngineSettings settings, ClassLoader loader) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            return RedStreamsEngine.builder().settings(settings).hosting(hosting).build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private StreamConnectionFactory connections() throws Exception {
        return (StreamConnectionFactory) started.managedConnectionFactory()
                .createConnectionFactory(new PoolingConnectionManager());
    }
}
