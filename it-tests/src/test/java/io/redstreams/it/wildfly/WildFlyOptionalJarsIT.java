package io.redstreams.it.wildfly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.CountedOrders;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * Nothing breaks when an integration's API is missing: WildFly's default {@code standalone.xml} has neither
 * MicroProfile Health nor MicroProfile Metrics, and an application that carries {@code redstreams-mp-health} and
 * {@code redstreams-mp-metrics} in its {@code WEB-INF/lib} (as it would for another server) still deploys and
 * consumes, every entry acknowledged.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyOptionalJarsIT {

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = "app", order = 2, testable = false)
    static WebArchive app() {
        return ServerApps.plainHealthApp("optional-jars.war")
                .addAsLibraries(ServerApps.mpHealthJar(), ServerApps.mpMetricsJar());
    }

    @ArquillianResource
    @OperateOnDeployment("app")
    URL base;

    @Test
    void theJarsAreInertWithoutTheirApis() {
        for (long id = 1; id <= 10; id++) {
            redis.addOrder(CountedOrders.STREAM, id, 1);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Http.get(base, "deliveries").split(",")).hasSize(10);
            assertThat(redis.pending(CountedOrders.STREAM, CountedOrders.GROUP)).isZero();
        });
        System.out.println("[WildFlyOptionalJarsIT] standalone.xml, both jars in WEB-INF/lib: produced 10, handled "
                + Http.get(base, "deliveries").split(",").length + ", pending 0");
    }
}
