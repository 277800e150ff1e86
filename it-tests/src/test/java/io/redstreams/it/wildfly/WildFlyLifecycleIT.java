package io.redstreams.it.wildfly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.BadConsumers;
import io.redstreams.it.app.Streams;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.ServerLog;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;
import io.redstreams.it.support.Threads;

/**
 * Scenarios 4 and 5 on WildFly, with the adapter deployed for the whole class:
 * <ul>
 *   <li>4: undeploying an application stops its consumers and leaves no {@code redstreams*} client nor thread;
 *       deploying it again works, and cycles do not add threads (counted by a probe application that stays);
 *       and the adapter still hosts applications after one that declared its own connection factory left;</li>
 *   <li>5: an application with wrongly declared consumers fails to deploy, and the server log names each method
 *       and its problem.</li>
 * </ul>
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyLifecycleIT {

    private static final String CONSUMER = "consumer";

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = "probe", order = 2, testable = false)
    static WebArchive probeApp() {
        return ServerApps.probe();
    }

    @Deployment(name = CONSUMER, managed = false, testable = false)
    static WebArchive consumer() {
        return ServerApps.consumerApp("consumer.war");
    }

    /** The application of the other scenarios: it declares its own connection factory. */
    @Deployment(name = "full", managed = false, testable = false)
    static WebArchive full() {
        return ServerApps.app("full.war");
    }

    @Deployment(name = "bad", managed = false, testable = false)
    @ShouldThrowException(DeploymentException.class)
    static WebArchive bad() {
        return ServerApps.bad("bad.war");
    }

    @Test
    @Order(1)
    void s4_undeployLeavesNoClientNorThreadAndRedeployWorks() {
        int afterFirst = cycle(1);
        int afterSecond = cycle(2);
        assertThat(afterSecond).as("server threads after the second deploy/undeploy cycle (after the first: %d)",
                afterFirst).isLessThanOrEqualTo(afterFirst + 2);

        deployer.deploy(CONSUMER); // and once more
        try {
            redis.addOrder(Streams.ORDERS, 999, 1);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(redis.orderIds(Streams.ORDERS_SEEN)).contains(999L));
        } finally {
            // before Arquillian undeploys the adapter: an application that depends on it must go first
            deployer.undeploy(CONSUMER);
        }
    }

    @Test
    @Order(2)
    void s5_badConsumersFailTheDeploymentAndTheLogNamesEachMethodAndWhy() {
        deployer.deploy("bad"); // @ShouldThrowException: passes only if WildFly refused it
        String log = ServerLog.wildfly();
        for (String problem : BadConsumers.EXPECTED_PROBLEMS) {
            assertThat(log).as("server.log").contains(problem);
        }
    }

    /**
     * WildFly starts an instance of the adapter of its own for a {@code @ConnectionFactoryDefinition}; when the
     * application that declared it goes, that instance stops, and the adapter deployed as a .rar must still host
     * the next application.
     */
    @Test
    @Order(3)
    void s4_theAdapterStillHostsApplicationsAfterOneWithItsOwnConnectionFactoryLeft() {
        deployer.deploy("full");
        deployer.undeploy("full");

        deployer.deploy(CONSUMER);
        try {
            redis.addOrder(Streams.ORDERS, 7777, 1);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(redis.orderIds(Streams.ORDERS_SEEN)).contains(7777L));
        } finally {
            deployer.undeploy(CONSUMER);
        }
    }

    /** Deploy, consume ten orders, undeploy, check nothing is left; returns the server's thread count then. */
    private int cycle(int round) {
        deployer.deploy(CONSUMER);
        try {
            for (int i = 0; i < 10; i++) {
                redis.addOrder(Streams.ORDERS, round * 100L + i, 1);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(redis.length(Streams.ORDERS_SEEN)).isEqualTo(round * 10L);
                assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).isZero();
            });
            assertThat(redis.redstreamsClients()).as("connections while deployed").isNotEmpty();
        } finally {
            deployer.undeploy(CONSUMER);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(redis.redstreamsClients()).as("redstreams connections after undeploy #%d", round).isEmpty();
            assertThat(Threads.redstreams(serverThreads())).as("redstreams threads after undeploy #%d", round)
                    .isEmpty();
        });
        return serverThreads().size();
    }

    private List<String> serverThreads() {
        return Http.get(probe, "threads").lines().toList();
    }
}
