package io.redstreams.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.Order;
import io.redstreams.it.app.Received;
import io.redstreams.it.app.Streams;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;
import jakarta.inject.Inject;

/**
 * Scenario 1 on Weld embedded: a bean with {@code @Inject StreamProducer} sends typed orders, the
 * {@code @StreamConsumer} method of an {@code @ApplicationScoped} bean receives them; Redis shows every entry
 * acknowledged and no dead letter.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
class WeldProduceConsumeIT {

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment
    static JavaArchive app() {
        return WeldApps.app("weld-produce-consume.jar");
    }

    @Inject
    OrderDesk desk;

    @Inject
    Received received;

    @Test
    void typedOrdersSentByOneBeanAreConsumedByAnotherAndAcknowledged() {
        List<String> ids = desk.send(1, 100, 12.5);
        assertThat(ids).hasSize(100).doesNotHaveDuplicates();

        List<Order> expected = LongStream.rangeClosed(1, 100).mapToObj(id -> new Order(id, 12.5)).toList();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(received.orders()).hasSize(100));
        assertThat(received.orders()).containsExactlyElementsOf(expected);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).isZero();
            assertThat(redis.length(Streams.ORDERS_SEEN)).isEqualTo(100);
        });
        assertThat(redis.length(Streams.ORDERS + ":dlq")).isZero();
    }
}
