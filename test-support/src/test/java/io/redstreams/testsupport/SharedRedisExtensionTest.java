package io.redstreams.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

class SharedRedisExtensionTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @Test
    void sharedIsOneRedisPerJvm() {
        RedisExtension other = RedisExtension.shared();

        assertThat(other.instance()).isSameAs(redis.instance());
        assertThat(other.url()).isEqualTo(redis.url());
    }

    @Test
    void accessorsDescribeAReachableRedis() {
        assertThat(redis.url()).startsWith("redis://");
        assertThat(redis.port()).isPositive();
        try (Jedis jedis = redis.newJedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void clientNamesSeeNamedConnections() {
        try (Jedis library = new Jedis(new HostAndPort(redis.host(), redis.port()),
                DefaultJedisClientConfig.builder().resp2().clientName("redstreams-x").build())) {
            library.ping();

            assertThat(redis.clientNames()).contains("redstreams-x", RedisExtension.ADMIN_CLIENT_NAME);
            assertThat(redis.countClients("redstreams")).isEqualTo(1);
        }
    }

    @Test
    void adminIsNamedOutsideTheLibraryPrefixAndIsReused() {
        Jedis admin = redis.admin();

        assertThat(admin.clientGetname()).isEqualTo("test-admin").doesNotStartWith("redstreams");
        assertThat(redis.admin()).isSameAs(admin);
    }

    @Test
    void flushAllEmptiesRedis() {
        redis.admin().set("shared-test-key", "v");

        redis.flushAll();

        assertThat(redis.admin().dbSize()).isZero();
    }

    @Test
    void aRedisInstanceCanBeInjected(RedisInstance instance) {
        assertThat(instance).isSameAs(redis.instance());
    }

    @Test
    void theSharedServerCannotBeStopped() {
        assertThatThrownBy(redis::server).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dedicated()");
    }
}
