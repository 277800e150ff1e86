package io.redstreams.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisExtension#perTest()}: every test method gets a fresh Redis, stopped after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestRedisExtensionTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.perTest();

    private static final List<RedisServer> SEEN = new ArrayList<>();

    @Test
    @Order(1)
    void firstTestWritesAKey() {
        SEEN.add(redis.server());
        redis.admin().set("left-behind", "1");
    }

    @Test
    @Order(2)
    void secondTestGetsAFreshRedisAndCanRestartIt() {
        SEEN.add(redis.server());
        assertThat(SEEN.get(0).isRunning()).as("the first test's Redis was stopped").isFalse();
        assertThat(redis.admin().exists("left-behind")).isFalse();
        redis.server().restart();
        assertThat(redis.admin().ping()).isEqualTo("PONG");
    }

    @AfterAll
    static void everyRedisStopped() {
        assertThat(SEEN).hasSize(2).allSatisfy(server -> assertThat(server.isRunning()).isFalse());
    }
}
