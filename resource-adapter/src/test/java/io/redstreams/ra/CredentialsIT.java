package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.StreamSendException;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.resource.spi.SecurityException;

/**
 * The adapter's password property reaches Redis for both directions, and shows up nowhere.
 */
class CredentialsIT {

    private static final String PASSWORD = "pw-7f3a-secret";

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options().requirePass(PASSWORD));

    public static class TextBean implements StreamListener<String> {
        @Override
        public void onMessage(StreamMessage<String> message) {
        }
    }

    @Test
    void thePasswordPropertyAuthenticatesInboundAndOutbound() throws Exception {
        RedStreamsResourceAdapter adapter = StartedAdapter.configured(redis.url());
        adapter.setRedisPassword(PASSWORD);
        try (StartedAdapter started = StartedAdapter.start(adapter, new TestBootstrapContext())) {
            RecordingEndpointFactory bean = new RecordingEndpointFactory(TextBean.class);
            started.activate(bean, StartedAdapter.spec("secured", "g"));
            StreamConnectionFactory connections = (StreamConnectionFactory) started.managedConnectionFactory()
                    .createConnectionFactory(new PoolingConnectionManager());
            try (StreamConnection connection = connections.getConnection()) {
                connection.send("secured", "hello");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> bean.messages.size() == 1);
            assertThat(adapter.toString()).doesNotContain(PASSWORD);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.countClients("redstreams") == 0);
    }

    @Test
    void aWrongPasswordIsASecurityFailureThatDoesNotRepeatThePassword() throws Exception {
        RedStreamsResourceAdapter adapter = StartedAdapter.configured(redis.url());
        adapter.setRedisPassword("wrong-" + PASSWORD);
        try (StartedAdapter started = StartedAdapter.start(adapter, new TestBootstrapContext())) {
            StreamConnectionFactory connections = (StreamConnectionFactory) started.managedConnectionFactory()
                    .createConnectionFactory(new PoolingConnectionManager());

            assertThatThrownBy(connections::getConnection).isInstanceOf(StreamSendException.class)
                    .hasCauseInstanceOf(SecurityException.class)
                    .hasMessageContaining("refused the credentials")
                    .message().doesNotContain(PASSWORD);
        }
    }
}
