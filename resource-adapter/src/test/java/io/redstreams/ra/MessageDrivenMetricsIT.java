package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.impl.engine.ServerHosting;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The deliveries of message-driven beans counted by the Micrometer binding of the application that deploys them
 * (issue 12), like those of its {@code @StreamConsumer} methods: a bean activated before the application started
 * and one activated after it, with the same names and tags ({@code messaging.destination.name},
 * {@code messaging.consumer.group.name}), the sampled group gauges and {@code in_flight}.
 */
class MessageDrivenMetricsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String STREAM = "messaging.destination.name";
    private static final String GROUP = "messaging.consumer.group.name";

    static volatile MeterRegistry beanRegistry;

    /** The application's registry, as a CDI bean: the binding's first choice. */
    @Dependent
    public static class RegistryProducer {
        @Produces
        @Singleton
        MeterRegistry registry() {
            return beanRegistry;
        }
    }

    /** A bean that refuses entries starting with {@code poison}. */
    public static class Billing implements StreamListener<String> {
        @Override
        public void onMessage(StreamMessage<String> message) {
        }
    }

    /** A bean that takes everything. */
    public static class Audit implements StreamListener<String> {
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
    void deliveriesOfMessageDrivenBeansAreCountedByTheApplicationsRegistry() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        beanRegistry = registry;
        started = StartedAdapter.start(redis.url());
        RecordingEndpointFactory billing = new RecordingEndpointFactory(Billing.class);
        billing.onMessage = message -> {
            if (message.payload().toString().startsWith("poison")) {
                throw new IllegalStateException("cannot bill " + message.payload());
            }
        };
        RedStreamsActivationSpec billingSpec = StartedAdapter.spec("mdb-bills", "ledger");
        billingSpec.setStartFrom("0");
        billingSpec.setMaxDeliveries(2);
        started.activate(billing, billingSpec); // before the application starts

        StreamConnectionFactory connections = (StreamConnectionFactory) started.managedConnectionFactory()
                .createConnectionFactory(new PoolingConnectionManager());
        try (HostedApp app = HostedApp.start(redis.url(), RegistryProducer.class)) {
            RecordingEndpointFactory audit = new RecordingEndpointFactory(Audit.class);
            RedStreamsActivationSpec auditSpec = StartedAdapter.spec("mdb-audit", "trail");
            auditSpec.setStartFrom("0");
            started.activate(audit, auditSpec); // after it

            try (StreamConnection connection = connections.getConnection()) {
                for (String bill : new String[] {"bill-1", "bill-2", "poison-3", "bill-4"}) {
                    connection.send("mdb-bills", bill);
                }
                for (int i = 0; i < 3; i++) {
                    connection.send("mdb-audit", "entry-" + i);
                }
            }

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(count(registry, "redstreams.consumer.acks", "mdb-bills", "ledger")).isEqualTo(4);
                assertThat(count(registry, "redstreams.consumer.dead_letters", "mdb-bills", "ledger")).isEqualTo(1);
                assertThat(count(registry, "redstreams.consumer.acks", "mdb-audit", "trail")).isEqualTo(3);
            });
            assertThat(count(registry, "messaging.client.consumed.messages", "mdb-bills", "ledger"))
                    .as("3 bills, and the poison twice").isEqualTo(5);
            assertThat(count(registry, "redstreams.consumer.failures", "mdb-bills", "ledger")).isEqualTo(2);
            assertThat(count(registry, "redstreams.consumer.retries", "mdb-bills", "ledger")).isEqualTo(1);
            assertThat(registry.get("messaging.process.duration").tag(STREAM, "mdb-bills").tag(GROUP, "ledger")
                    .tag("error.type", "java.lang.IllegalStateException").timer().count()).isEqualTo(2);
            assertThat(registry.get("messaging.process.duration").tag(STREAM, "mdb-audit").tag(GROUP, "trail")
                    .tag("error.type", "none").timer().count()).isEqualTo(3);
            assertThat(count(registry, "messaging.client.consumed.messages", "mdb-audit", "trail")).isEqualTo(3);
            for (String[] group : new String[][] {{"mdb-bills", "ledger"}, {"mdb-audit", "trail"}}) {
                assertThat(gauge(registry, "redstreams.consumer.in_flight", group)).isZero();
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(gauge(registry, "redstreams.consumer.pending", group)).as("sampled").isZero();
                    assertThat(gauge(registry, "redstreams.consumer.lag", group)).isZero();
                });
            }
            System.out.println("metrics of message-driven beans: " + registry.getMetersAsString());
        }

        assertThat(registry.find("redstreams.consumer.acks").meters()).as("removed with the application").isEmpty();
        try (StreamConnection connection = connections.getConnection()) {
            connection.send("mdb-bills", "bill-5");
        }
        await().atMost(WAIT).until(() -> billing.messages.stream().anyMatch(m -> "bill-5".equals(m.payload())));
        assertThat(registry.find("redstreams.consumer.acks").meters()).as("nobody counts any more").isEmpty();
    }

    /**
     * WildFly hosts an application on the adapter instance it started for the application's
     * {@code @ConnectionFactoryDefinition} (the latest installed) and activates its bean on the deployed adapter's
     * instance: the application's registry counts the bean's deliveries all the same.
     */
    @Test
    void deliveriesOfABeanOnAnotherInstanceOfTheAdapterAreCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        beanRegistry = registry;
        started = StartedAdapter.start(redis.url());
        StartedAdapter definition = StartedAdapter.start(redis.url()); // the connection factory definition's instance
        try (HostedApp app = HostedApp.start(redis.url(), RegistryProducer.class)) {
            RecordingEndpointFactory audit = new RecordingEndpointFactory(Audit.class);
            RedStreamsActivationSpec auditSpec = StartedAdapter.spec("mdb-audit2", "trail");
            auditSpec.setStartFrom("0");
            started.activate(audit, auditSpec); // on the first instance, after the application started
            StreamConnectionFactory connections = (StreamConnectionFactory) definition.managedConnectionFactory()
                    .createConnectionFactory(new PoolingConnectionManager());
            try (StreamConnection connection = connections.getConnection()) {
                for (int i = 0; i < 3; i++) {
                    connection.send("mdb-audit2", "entry-" + i);
                }
            }
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(count(registry, "redstreams.consumer.acks", "mdb-audit2", "trail")).isEqualTo(3));
            assertThat(gauge(registry, "redstreams.consumer.in_flight", new String[] {"mdb-audit2", "trail"}))
                    .isZero();
        } finally {
            definition.close();
        }
    }

    private static double count(MeterRegistry registry, String name, String stream, String group) {
        Search search = registry.find(name).tag(STREAM, stream).tag(GROUP, group);
        return search.counters().stream().mapToDouble(Counter::count).sum()
                + search.timers().stream().mapToDouble(Timer::count).sum();
    }

    private static double gauge(MeterRegistry registry, String name, String[] group) {
        return registry.get(name).tag(STREAM, group[0]).tag(GROUP, group[1]).gauge().value();
    }
}
