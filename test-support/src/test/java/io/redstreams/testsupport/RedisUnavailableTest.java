package io.redstreams.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUnavailableTest {

    @Test
    void aDedicatedRedisWithoutBinaryFailsSayingWhatToInstall() {
        RedisExtension redis = RedisExtension.dedicated(
                new RedisServer.Options().binary("/nonexistent/bin/redis-server"));

        assertThatThrownBy(redis::url)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No Redis available for tests")
                .hasMessageContaining("apt-get install redis-server")
                .hasMessageContaining("/nonexistent/bin/redis-server");
    }
}
