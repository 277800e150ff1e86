package io.redstreams.it.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.BadConsumers;
import io.redstreams.it.app.Streams;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.ServerLog;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * Scenarios 4 and 5 on Payara Micro. Its Arquillian adapter runs one Micro JVM per deployment: deploying starts
 * it (with the resource adapter deployed alongside), undeploying stops it. So scenario 4 here proves that a
 * stopping Payara shuts redstreams down (no {@code redstreams*} client is left) and that deploying again works;
 * thread leaks across redeployments within one JVM are checked on WildFly and Weld. The adapter keeps track of
 * one Micro process only, so each test undeploys what it deployed before the next deployment starts.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraLifecycleIT {

    private static final String CONSUMER = "consumer";

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = CONSUMER, managed = false, testable = false)
    static WebArchive consumer() {
        return ServerApps.consumerApp("consumer.war");
    }

    @Deployment(name = "bad", managed = false, testable = false)
    @ShouldThrowException(DeploymentException.class)
    static WebArchive bad() {
        return ServerApps.bad("bad.war");
    }

    @Test
    void s4_undeployLeavesNoClientAndRedeployWorks() {
        deployer.deploy(CONSUMER);
        try {
            for (int i = 0; i < 10; i++) {
                redis.addOrder(Streams.ORDERS, 100L + i, 1);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(redis.length(Streams.ORDERS_SEEN)).isEqualTo(10);
                assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).isZero();
            });
            assertThat(redis.redstreamsClients()).as("connections while deployed").isNotEmpty();
        } finally {
            deployer.undeploy(CONSUMER);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(redis.redstreamsClients()).as("redstreams connections after undeploy").isEmpty());

        deployer.deploy(CONSUMER); // a fresh Micro
        try {
            redis.addOrder(Streams.ORDERS, 999, 1);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(redis.orderIds(Streams.ORDERS_SEEN)).contains(999L));
        } finally {
            // the adapter tracks one Micro at a time: never leave one running when the next deployment comes
            deployer.undeploy(CONSUMER);
        }
    }

    @Test
    void s5_badConsumersFailTheDeploymentAndTheLogNamesEachMethodAndWhy() {
        deployer.deploy("bad"); // @ShouldThrowException: passes only if Payara refused it
        String log = ServerLog.payara();
        for (String problem : BadConsumers.EXPECTED_PROBLEMS) {
            assertThat(log).as("Payara Micro's log").contains(problem);
        }
    }
}
