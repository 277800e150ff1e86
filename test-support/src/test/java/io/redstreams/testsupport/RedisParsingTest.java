package io.redstreams.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisParsingTest {

    @Test
    void clientNamesAreTheNonEmptyNameFields() {
        String clientList = "id=3 addr=127.0.0.1:50000 laddr=127.0.0.1:6379 fd=8 name=test-admin age=0 cmd=client\n"
                + "id=4 addr=127.0.0.1:50001 laddr=127.0.0.1:6379 fd=9 name= age=0 cmd=ping\n"
                + "id=5 addr=127.0.0.1:50002 laddr=127.0.0.1:6379 fd=10 name=redstreams-producer lib-name=jedis\n";

        assertThat(RedisExtension.parseClientNames(clientList)).containsExactly("test-admin", "redstreams-producer");
    }

    @Test
    void redisUrlWithCredentialsAndDatabase() {
        RedisInstance instance = RedisProvisioner.external("redis://alice:pw@redis.example:6380/2");

        assertThat(instance.kind()).isEqualTo(RedisInstance.Kind.EXTERNAL);
        assertThat(instance.host()).isEqualTo("redis.example");
        assertThat(instance.port()).isEqualTo(6380);
        assertThat(instance.user()).contains("alice");
        assertThat(instance.password()).contains("pw");
        assertThat(instance.clientConfig(null).getDatabase()).isEqualTo(2);
        assertThat(instance.server()).isEmpty();
    }

    @Test
    void redisUrlDefaults() {
        RedisInstance instance = RedisProvisioner.external("redis://localhost");

        assertThat(instance.port()).isEqualTo(6379);
        assertThat(instance.user()).isEmpty();
        assertThat(instance.password()).isEmpty();
    }

    @Test
    void redisUrlWithPasswordOnly() {
        RedisInstance instance = RedisProvisioner.external("redis://:pw@localhost:7000");

        assertThat(instance.user()).isEmpty();
        assertThat(instance.password()).contains("pw");
    }

    @Test
    void aBadRedisUrlIsRejectedClearly() {
        assertThatThrownBy(() -> RedisProvisioner.external("http://localhost"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REDIS_URL must look like redis://");
    }
}
