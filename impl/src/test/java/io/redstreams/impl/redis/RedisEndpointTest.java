package io.redstreams.impl.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void parsesEveryPart() {
        RedisEndpoint e = RedisEndpoint.parse("rediss://alice:p%40ss:w0rd@redis.example:6380/3");
        assertThat(e.host()).isEqualTo("redis.example");
        assertThat(e.port()).isEqualTo(6380);
        assertThat(e.tls()).isTrue();
        assertThat(e.database()).isEqualTo(3);
        assertThat(e.user()).isEqualTo("alice");
        assertThat(e.password()).isEqualTo("p@ss:w0rd");
        assertThat(e).hasToString("rediss://alice@redis.example:6380/3");
    }

    @Test
    void defaultsAndPasswordOnly() {
        RedisEndpoint e = RedisEndpoint.parse("redis://:secret@localhost");
        assertThat(e.port()).isEqualTo(6379);
        assertThat(e.user()).isNull();
        assertThat(e.password()).isEqualTo("secret");
        assertThat(e).hasToString("redis://***@localhost:6379");
        assertThat(RedisEndpoint.parse("redis://h:1").withCredentials("bob", "pw").toString())
                .isEqualTo("redis://bob@h:1");
    }

    @Test
    void badUrlsSayWhyWithoutTheSecret() {
        assertThatThrownBy(() -> RedisEndpoint.parse("http://u:topsecret@h:1"))
                .hasMessageContaining("redis:// or rediss://").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://u:top secret@h:1"))
                .hasMessageNotContaining("top secret");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://:pw@/")).hasMessageContaining("no host")
                .hasMessageNotContaining("pw@");
    }
}
