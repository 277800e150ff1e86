package io.redstreams.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

class DedicatedRedisExtensionTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options().appendOnly(true));

    @BeforeEach
    void cleanSlate() {
        // a previous test may have left it stopped
        if (!redis.server().isRunning()) {
            redis.server().restart();
        }
        redis.flushAll();
    }

    private static RedisServer serverOfThisClass;

    @BeforeAll
    static void rememberTheServer() {
        serverOfThisClass = redis.server();
    }

    @AfterAll
    static void nestedClassesDoNotStopTheOuterClassRedis() {
        // runs after the @Nested class below, whose afterAll also reached the extension; identity matters, since
        // the accessor would lazily start a new server if that afterAll had closed this one
        assertThat(serverOfThisClass.isRunning()).isTrue();
        assertThat(redis.server()).isSameAs(serverOfThisClass);
    }

    @Test
    void dataSurvivesStopAndRestartOnTheSamePort() {
        int port = redis.port();
        redis.admin().set("key", "survivor");

        redis.server().stop();
        assertThatThrownBy(redis::newJedis).isInstanceOf(JedisConnectionException.class);
        assertThatThrownBy(() -> new Socket(redis.host(), port).close())
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("refused");

        redis.server().restart();
        assertThat(redis.port()).isEqualTo(port);
        // the old admin connection died with the server: admin() reconnects by itself
        assertThat(redis.admin().get("key")).isEqualTo("survivor");
    }

    @Test
    void dataSurvivesACrash() {
        try (Jedis jedis = redis.newJedis()) {
            jedis.set("key", "fsynced");
        }

        redis.server().kill();
        redis.server().restart();

        assertThat(redis.admin().get("key")).isEqualTo("fsynced");
    }

    @Test
    void aDedicatedRedisIsNotTheSharedOne() {
        assertThat(redis.instance()).isNotSameAs(RedisExtension.shared().instance());
        assertThat(redis.instance().kind()).isEqualTo(RedisInstance.Kind.LOCAL_PROCESS);
    }

    @Nested
    class WhenNested {

        @Test
        void seesTheSameRedis(RedisInstance instance) {
            assertThat(instance.port()).isEqualTo(redis.port());
            assertThat(redis.server().isRunning()).isTrue();
        }
    }
}
