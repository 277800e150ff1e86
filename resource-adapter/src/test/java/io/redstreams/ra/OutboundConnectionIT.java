package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamSendException;
import io.redstreams.StreamType;
import io.redstreams.testsupport.RedisExtension;
import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.CommException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ManagedConnection;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The outbound connection definition under a pooling connection manager, as a server runs it.
 */
class OutboundConnectionIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(10);

    @StreamType("invoice-issued")
    public record Invoice(String number, double total) {
    }

    private StartedAdapter started;
    private PoolingConnectionManager pool;
    private StreamConnectionFactory connections;

    @BeforeEach
    void start() throws Exception {
        redis.flushAll();
        started = StartedAdapter.start(redis.url());
        pool = new PoolingConnectionManager();
        connections = (StreamConnectionFactory) started.managedConnectionFactory().createConnectionFactory(pool);
    }

    @AfterEach
    void stop() {
        started.close();
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
    }

    @Test
    void sendsOnAPooledConnectionThatClosingTheHandleGivesBack() {
        String id;
        try (StreamConnection connection = connections.getConnection()) {
            id = connection.send("invoices", new Invoice("A-1", 99.5), Map.of("tenant", "acme"));
        }

        StreamEntry entry = redis.admin().xrange("invoices", "-", "+").get(0);
        assertThat(entry.getID().toString()).isEqualTo(id);
        assertThat(entry.getFields()).containsEntry("payload", "{\"number\":\"A-1\",\"total\":99.5}")
                .containsEntry("type", "invoice-issued").containsEntry("tenant", "acme");
        assertThat(pool.eventIds()).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
        assertThat(pool.events.get(0).getConnectionHandle()).isNotNull();
        assertThat(pool.idle()).hasSize(1);

        try (StreamConnection again = connections.getConnection()) {
            again.send("invoices", "plain text");
        }
        assertThat(pool.created()).as("the pooled connection was reused").isEqualTo(1);
        assertThat(redis.clientNames()).containsOnlyOnce("redstreams-jca");
    }

    @Test
    void aClosedHandleRefusesToSendAndClosingTwiceSignalsOnce() {
        StreamConnection connection = connections.getConnection();
        connection.close();
        connection.close();

        assertThatThrownBy(() -> connection.send("invoices", "x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(pool.eventIds()).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
    }

    @Test
    void offersTheSendMethodsOfTheProducer() throws Exception {
        try (StreamConnection connection = connections.getConnection()) {
            List<String> ids = connection.sendAll("batch", List.of("a", "b", "c"));
            CompletableFuture<String> async = connection.sendAsync("batch", "d").toCompletableFuture();
            CompletableFuture<String> asyncWithHeaders = connection.sendAsync("batch", "e", Map.of("k", "v"))
                    .toCompletableFuture();

            assertThat(ids).hasSize(3).doesNotHaveDuplicates();
            assertThat(async).isDone();
            assertThat(asyncWithHeaders).isDone();
            assertThat(redis.admin().xrange("batch", "-", "+")).extracting(e -> e.getFields().get("payload"))
                    .containsExactly("a", "b", "c", "d", "e");
            assertThat(redis.admin().xrange("batch", "-", "+").get(4).getFields()).containsEntry("k", "v");
            assertThatThrownBy(() -> connection.send("batch", "x", Map.of("payload", "reserved")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void takesNoPartInTransactionsAndDescribesItself() throws Exception {
        ManagedConnection managed = started.managedConnectionFactory().createManagedConnection(null, null);
        try {
            assertThatThrownBy(managed::getXAResource).isInstanceOf(NotSupportedException.class);
            assertThatThrownBy(managed::getLocalTransaction).isInstanceOf(NotSupportedException.class);
            assertThat(managed.getMetaData().getEISProductName()).isEqualTo("Redis");
            assertThat(managed.getMetaData().getUserName()).isEqualTo("default");
        } finally {
            managed.destroy();
        }
    }

    @Test
    void cleanupInvalidatesOpenHandlesAndKeepsTheRedisConnection() throws Exception {
        RedStreamsManagedConnectionFactory factory = started.managedConnectionFactory();
        ManagedConnection managed = factory.createManagedConnection(null, null);
        StreamConnection handle = (StreamConnection) managed.getConnection(null, null);

        managed.cleanup();

        assertThatThrownBy(() -> handle.send("s", "x")).isInstanceOf(IllegalStateException.class);
        StreamConnection next = (StreamConnection) managed.getConnection(null, null);
        assertThat(next.send("s", "y")).isNotBlank();
        Set<?> invalid = factory.getInvalidConnections(Set.of(managed));
        assertThat(invalid).isEmpty();
        managed.destroy();
        await().atMost(WAIT).until(() -> redis.countClients("redstreams-jca") == 0);
    }

    @Test
    void associateConnectionMovesAHandleToAnotherManagedConnection() throws Exception {
        RedStreamsManagedConnectionFactory factory = started.managedConnectionFactory();
        RedStreamsManagedConnection first = (RedStreamsManagedConnection) factory.createManagedConnection(null, null);
        RedStreamsManagedConnection second = (RedStreamsManagedConnection) factory.createManagedConnection(null, null);
        StreamConnection handle = (StreamConnection) first.getConnection(null, null);

        second.associateConnection(handle);
        first.destroy();

        assertThat(handle.send("s", "still works")).isNotBlank();
        assertThat(first.openHandles()).isZero();
        assertThat(second.openHandles()).isEqualTo(1);
        second.destroy();
    }

    @Test
    void withoutAServerEachHandleHasAConnectionOfItsOwn() throws Exception {
        StreamConnectionFactory unpooled = (StreamConnectionFactory) started.managedConnectionFactory()
                .createConnectionFactory();
        try (StreamConnection connection = unpooled.getConnection()) {
            connection.send("s", "x");
            assertThat(redis.countClients("redstreams-jca")).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> redis.countClients("redstreams-jca") == 0);
    }

    @Test
    void theConnectionFactoryIsSerializable() throws Exception {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(new RedStreamsConnectionFactory());
        }
    }

    @Test
    void anUnreachableRedisFailsGetConnectionWithoutShowingThePassword() throws Exception {
        RedStreamsResourceAdapter adapter = StartedAdapter.configured("redis://alice:pw-secret@127.0.0.1:1");
        adapter.setRedisTimeoutMs(500);
        try (StartedAdapter unreachable = StartedAdapter.start(adapter, new TestBootstrapContext())) {
            RedStreamsManagedConnectionFactory factory = unreachable.managedConnectionFactory();
            StreamConnectionFactory broken = (StreamConnectionFactory) factory
                    .createConnectionFactory(new PoolingConnectionManager());

            assertThatThrownBy(broken::getConnection).isInstanceOf(StreamSendException.class)
                    .hasMessageContaining("Cannot connect to Redis at redis://alice@127.0.0.1:1")
                    .hasCauseInstanceOf(CommException.class)
                    .message().doesNotContain("pw-secret");
        }
    }
}
