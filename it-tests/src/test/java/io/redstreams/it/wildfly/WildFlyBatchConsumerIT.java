package io.redstreams.it.wildfly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.Order;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.BatchOrderConsumer;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * A batch consumer ({@code List<StreamMessage<Order>>}) in an application next to the resource adapter on WildFly:
 * batches of at most {@code batchSize}, the orders it names in a {@code BatchFailedException} retried and
 * dead-lettered alone, the rest acknowledged.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyBatchConsumerIT {

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = "batch", order = 2, testable = false)
    static WebArchive app() {
        return ShrinkWrap.create(WebArchive.class, "batch.war")
                .addClasses(Order.class, BatchOrderConsumer.class)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .setManifest(new StringAsset("Manifest-Version: 1.0\n"
                        + "Dependencies: deployment." + ServerApps.RAR_NAME + " services\n"));
    }

    @Test
    void batchesOfAtMostBatchSizeAreAcknowledgedExceptTheOrdersTheMethodNames() {
        for (long id = 1; id <= 35; id++) {
            redis.addOrder(BatchOrderConsumer.STREAM, id, id == 13 || id == 27 ? -1 : id);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(redis.length(BatchOrderConsumer.STREAM + ":dlq")).isEqualTo(2);
            assertThat(redis.pending(BatchOrderConsumer.STREAM, BatchOrderConsumer.GROUP)).isZero();
        });
        List<String> batches = redis.payloads(BatchOrderConsumer.SEEN);
        Set<Long> accepted = new TreeSet<>();
        for (String batch : batches) {
            String[] parts = batch.split("\\|", -1);
            assertThat(parts[0].split(",")).hasSizeBetween(1, 10);
            if (!parts[1].isEmpty()) {
                Arrays.stream(parts[1].split(",")).map(Long::valueOf).forEach(accepted::add);
            }
        }
        assertThat(accepted).isEqualTo(LongStream.rangeClosed(1, 35).filter(id -> id != 13 && id != 27).boxed()
                .collect(Collectors.toCollection(TreeSet::new)));
        assertThat(batches.size()).as("calls, not one per order").isLessThan(35);
        assertThat(redis.orderIds(BatchOrderConsumer.STREAM + ":dlq")).containsExactlyInAnyOrder(13L, 27L);
        System.out.println("FAULT wildfly-batch-consumer: produced=35 handled=" + accepted.size() + " dlq="
                + redis.length(BatchOrderConsumer.STREAM + ":dlq") + " duplicates=0 lost="
                + (35 - accepted.size() - redis.length(BatchOrderConsumer.STREAM + ":dlq")) + " pending="
                + redis.pending(BatchOrderConsumer.STREAM, BatchOrderConsumer.GROUP) + " batches=" + batches.size());
    }
}
