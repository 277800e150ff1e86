package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamSendException;
import io.redstreams.testsupport.RedisExtension;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ManagedConnection;

/**
 * A Redis restart breaks the pooled connections; the pool must learn it and never hand a broken
 * one out again, and MDB deliveries must resume.
 */
class RedisRestartIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    private static final Duration WAIT = Duration.ofSeconds(15);

    private StartedAdapter started;
    private PoolingConnectionManager pool;
    private RedStreamsManagedConnectionFactory factory;
    private StreamConnectionFactory connections;

    @BeforeEach
    void start() throws Exception {
        started = StartedAdapter.start(redis.url());
        pool = new PoolingConnectionManager();
        factory = started.managedConnectionFactory();
        connections = (StreamConnectionFactory) factory.createConnectionFactory(pool);
    }

    @AfterEach
    void stop() {
        started.close();
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
    }

    @Test
    void aConnectionBrokenByARestartIsReportedDestroyedAndNotReused() {
        try (StreamConnection connection = connections.getConnection()) {
            connection.send("orders", "before the restart");
        }
        ManagedConnection pooled = pool.idle().iterator().next();

        redis.server().restart();

        try (StreamConnection connection = connections.getConnection()) {
            assertThatThrownBy(() -> connection.send("orders", "during")).isInstanceOf(StreamSendException.class)
                    .hasMessageContaining("connection to Redis at " + redis.url() + " lost");
        }
        assertThat(pool.eventIds()).containsExactly(ConnectionEvent.CONNECTION_CLOSED,
                ConnectionEvent.CONNECTION_ERROR_OCCURRED);
        assertThat(pool.events.get(1).getException()).isInstanceOf(StreamSendException.class);
        assertThat(pool.idle()).doesNotContain(pooled);
        assertThat(((RedStreamsManagedConnection) pooled).isDestroyed()).isTrue();

        try (StreamConnection connection = connections.getConnection()) {
            assertThat(connection.send("orders", "after the restart")).isNotBlank();
        }
        assertThat(pool.created()).isEqualTo(2);
        assertThat(redis.admin().xlen("orders")).isEqualTo(1);
    }

    @Test
    void poolValidationFindsConnectionsBrokenWhileIdle() throws Exception {
        ManagedConnection idle = factory.createManagedConnection(null, null);
        Set<?> before = factory.getInvalidConnections(Set.of(idle));
        assertThat(before).isEmpty();

        redis.server().restart();

        Set<?> after = factory.getInvalidConnections(Set.of(idle));
        assertThat(after).isEqualTo(Set.of(idle));
        assertThat(factory.matchManagedConnections(Set.of(idle), null, null)).isNull();
        idle.destroy();
    }

    @Test
    void messageDrivenDeliveriesResumeAfterARestart() throws Exception {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(AdapterLifecycleIT.TextBean.class);
        RedStreamsActivationSpec spec = StartedAdapter.spec("texts", "g");
        spec.setStartFrom("0");
        started.activate(bean, spec);
        try (StreamConnection connection = connections.getConnection()) {
            connection.send("texts", "one");
        }
        await().atMost(WAIT).until(() -> bean.messages.size() == 1);

        redis.server().restart(); // no persistence: stream and group are gone, the worker recreates them

        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (StreamConnection connection = connections.getConnection()) {
                connection.send("texts", "two");
            }
            return true;
        });
        await().atMost(WAIT).until(() -> bean.messages.stream().anyMatch(m -> "two".equals(m.payload())));
    }
}
