package io.redstreams.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.StreamSendException;
import io.redstreams.it.app.Received;
import io.redstreams.it.app.Streams;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;
import jakarta.inject.Inject;

/**
 * Scenario 6 on Weld embedded: Redis restarts (without persistence, so streams and groups are gone) while the
 * application is deployed; the consumers come back by themselves and the producer works again.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
class WeldRedisRestartIT {

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment
    static JavaArchive app() {
        return WeldApps.app("weld-redis-restart.jar");
    }

    @Inject
    OrderDesk desk;

    @Inject
    Received received;

    @Test
    void consumersAndProducerResumeAfterARedisRestart() {
        desk.send(1, 5, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(received.orders()).hasSize(5));

        ItRedis.REDIS.server().restart();

        // a send may fail once on a connection the restart broke (sends are not retried: Redis 7 has no
        // idempotent XADD); the caller retries, as the README says
        await().atMost(Duration.ofSeconds(20)).ignoreException(StreamSendException.class)
                .until(() -> desk.send(100, 1, 1).size() == 1);
        redis.addOrder(Streams.ORDERS, 101, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(received.orders()).extracting(o -> o.id()).contains(100L, 101L);
            assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).isZero();
        });
    }
}
