package io.redstreams.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.Streams;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;
import io.redstreams.it.support.Threads;

/**
 * Scenario 4 on Weld embedded: undeploying the application stops its consumers, closes every {@code redstreams*}
 * connection and ends every thread it started; deploying it again works, and a second cycle leaves no more threads
 * than the first.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
class WeldRedeployIT {

    private static final String APP = "app";

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = APP, managed = false)
    static JavaArchive app() {
        return WeldApps.app("weld-redeploy.jar");
    }

    @Test
    void undeployLeavesNoClientNorThreadAndRedeployWorks() {
        List<String> before = Threads.names();

        int afterFirst = cycle(1);
        int afterSecond = cycle(2);

        // pools of the test tools may have grown during the first cycle; a second one must not add threads
        assertThat(afterSecond).as("live threads after the second cycle (first: %d; before: %s)", afterFirst, before)
                .isLessThanOrEqualTo(afterFirst + 1);

        // deployed once more, and left deployed: Arquillian undeploys it after the class (Weld embedded's
        // request-context handling after a test needs a live deployment)
        deployer.deploy(APP);
        redis.addOrder(Streams.ORDERS, 999, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(redis.length(Streams.ORDERS_SEEN)).isEqualTo(21));
    }

    /** Deploy, consume ten orders, undeploy, check that nothing is left; returns the live thread count then. */
    private int cycle(int round) {
        deployer.deploy(APP);
        try {
            for (int i = 0; i < 10; i++) {
                redis.addOrder(Streams.ORDERS, round * 100L + i, 1);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(redis.length(Streams.ORDERS_SEEN)).isEqualTo(round * 10L);
                assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).isZero();
            });
            assertThat(redis.redstreamsClients()).as("connections while deployed").isNotEmpty();
            assertThat(Threads.redstreams(Threads.names())).as("consumer threads while deployed").isNotEmpty();
        } finally {
            deployer.undeploy(APP);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(redis.redstreamsClients()).as("redstreams connections after undeploy #%d", round).isEmpty();
            assertThat(Threads.redstreams(Threads.names())).as("redstreams threads after undeploy #%d", round)
                    .isEmpty();
        });
        return Threads.names().size();
    }
}
