package io.redstreams.impl.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.redstreams.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Every command on a connection to a server that became a replica fails as connection-level (not executed), the
 * connection is discarded with the pool's idle ones, and the pool's next connection is new: the XADD and the
 * MULTI/EXEC of a dead letter alike.
 */
class WrongServerIT {

    @Test
    @Timeout(60)
    void aReplicaAnswerDropsTheConnectionAndTheIdleOnes() {
        try (RedisServer primary = RedisServer.start();
             RedisServer server = RedisServer.start();
             Jedis admin = new Jedis(server.host(), server.port());
             RedisConnectionPool pool = new RedisConnectionPool(new RedisSettings()
                     .endpoint(RedisEndpoint.parse(server.url())), "producer", 4, 2000)) {
            Map<String, byte[]> fields = Map.of("payload", "x".getBytes(StandardCharsets.UTF_8));
            try (RedisConnection a = pool.acquire(); RedisConnection b = pool.acquire()) {
                a.add("s", fields, 0);
                b.createGroup("s", "g", "0");
            }
            assertThat(pool.open()).isEqualTo(2);
            assertThat(pool.serverVersion()).matches("\\d+\\.\\d+.*");

            admin.replicaof(primary.host(), primary.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.info("replication").contains("role:slave"));

            try (RedisConnection c = pool.acquire()) {
                assertThatThrownBy(() -> c.add("s", fields, 0)).isInstanceOfSatisfying(RedisConnectionException.class,
                        e -> assertThat(e.notProcessed()).isTrue()).hasMessageContaining("READONLY");
            }
            assertThat(pool.open()).as("the broken one and the idle one are closed").isZero();

            try (RedisConnection c = pool.acquire()) {
                assertThatThrownBy(() -> c.addRaw("s:dlq", List.of("payload".getBytes(StandardCharsets.UTF_8),
                        "x".getBytes(StandardCharsets.UTF_8))))
                        .isInstanceOf(RedisConnectionException.class);
            }
            try (RedisConnection c = pool.acquire()) {
                assertThatThrownBy(() -> c.ack("s", "g", List.of("1-1"))).isInstanceOf(RedisConnectionException.class);
            }
            try (RedisConnection c = pool.acquire()) {
                assertThatThrownBy(() -> c.addAll(List.of(new OutgoingEntry("s", fields),
                        new OutgoingEntry("s", fields)), 0)).isInstanceOfSatisfying(RedisPipelineException.class,
                        e -> assertThat(e.failures()).allSatisfy(f -> assertThat(f)
                                .isInstanceOf(RedisConnectionException.class)));
            }
            assertThat(pool.open()).isZero();
        }
    }
}
