package io.redstreams.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** {@link RedisServer} on its own, without JUnit extensions, the way a benchmark's {@code main} uses it. */
class RedisServerTest {

    @Test
    void startsOnLoopbackInItsOwnDirAndDeletesItOnClose() throws IOException {
        Path dir;
        try (RedisServer server = RedisServer.start()) {
            dir = server.dir();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.url()).isEqualTo("redis://127.0.0.1:" + server.port());
            assertThat(Files.readString(server.logFile())).contains("Ready to accept connections");
            try (Jedis jedis = connect(server)) {
                assertThat(jedis.ping()).isEqualTo("PONG");
                assertThat(jedis.configGet("dir")).containsEntry("dir", dir.toRealPath().toString());
            }
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void stopClosesThePortAndRestartKeepsIt() {
        try (RedisServer server = RedisServer.start()) {
            int port = server.port();
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(server)).isInstanceOf(JedisConnectionException.class);
            assertThatThrownBy(() -> new Socket(server.host(), port).close()).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("refused");

            server.restart();
            assertThat(server.port()).isEqualTo(port);
            try (Jedis jedis = connect(server)) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void appendOnlyDataSurvivesAKill() {
        try (RedisServer server = RedisServer.start(new RedisServer.Options().appendOnly(true))) {
            try (Jedis jedis = connect(server)) {
                jedis.set("k", "v");
            }
            server.kill();
            assertThat(server.isRunning()).isFalse();
            server.restart();
            try (Jedis jedis = connect(server)) {
                assertThat(jedis.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void withoutPersistenceNothingSurvivesARestart() {
        try (RedisServer server = RedisServer.start()) {
            try (Jedis jedis = connect(server)) {
                jedis.set("k", "v");
            }
            server.restart();
            try (Jedis jedis = connect(server)) {
                assertThat(jedis.get("k")).isNull();
            }
        }
    }

    @Test
    void requirePassAndAclLinesAreApplied() {
        RedisServer.Options options = new RedisServer.Options()
                .requirePass("s3cret")
                .aclLine("alice on >pw ~* &* +@all");
        try (RedisServer server = RedisServer.start(options)) {
            assertThat(server.password()).contains("s3cret");
            // Jedis sends HELLO on connect, so the missing password shows right there
            assertThatThrownBy(() -> connect(server)).isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOAUTH");
            try (Jedis alice = new Jedis(new HostAndPort(server.host(), server.port()),
                    DefaultJedisClientConfig.builder().resp2().user("alice").password("pw").build())) {
                assertThat(alice.aclWhoAmI()).isEqualTo("alice");
            }
        }
    }

    @Test
    void rawArgsArePassedThrough() {
        try (RedisServer server = RedisServer.start(new RedisServer.Options().args("--maxmemory", "12mb"))) {
            try (Jedis jedis = connect(server)) {
                assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", String.valueOf(12 * 1024 * 1024));
            }
        }
    }

    @Test
    void aMissingBinaryFailsSayingWhatToInstall() {
        RedisServer.Options options = new RedisServer.Options().binary("/nonexistent/bin/redis-server");

        assertThatThrownBy(() -> RedisServer.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/bin/redis-server")
                .hasMessageContaining("apt-get install redis-server");
    }

    @Test
    void aServerThatCannotStartFailsWithItsLogTail() {
        RedisServer.Options options = new RedisServer.Options().args("--no-such-directive", "x");

        assertThatThrownBy(() -> RedisServer.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void aTakenFixedPortFailsWithTheBindError() throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            RedisServer.Options options = new RedisServer.Options().port(squatter.getLocalPort());

            assertThatThrownBy(() -> RedisServer.start(options))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void closeIsIdempotentAndForbidsRestart() {
        RedisServer server = RedisServer.start();
        server.close();
        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static Jedis connect(RedisServer server) {
        return new Jedis(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().resp2().timeoutMillis(5000).build());
    }
}
