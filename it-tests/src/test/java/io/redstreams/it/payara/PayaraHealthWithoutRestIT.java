package io.redstreams.it.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.CountedOrders;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * What the README says about health on Payara: Payara runs an application's health checks only when its health
 * container handles the application, which it decides from the archive's own classes (a JAX-RS {@code @Path}, or a
 * {@code @Readiness}/{@code @Liveness}/{@code @Startup} check); redstreams' checks come from the adapter, so an
 * application with neither has no {@code redstreams} check on {@code /health}. Nothing else changes: it deploys
 * and consumes as usual.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraHealthWithoutRestIT {

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment(testable = false)
    static WebArchive app() {
        return ServerApps.plainHealthApp("plain.war");
    }

    @ArquillianResource
    URL base;

    @Test
    void anApplicationPayaraDoesNotHandleForHealthConsumesButShowsNoRedstreamsCheck() {
        for (long id = 1; id <= 10; id++) {
            redis.addOrder(CountedOrders.STREAM, id, 1);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Http.get(base, "deliveries").split(",")).hasSize(10);
            assertThat(redis.pending(CountedOrders.STREAM, CountedOrders.GROUP)).isZero();
        });
        PayaraHealth health = new PayaraHealth(base);
        for (String kind : new String[] {"ready", "live", "started"}) {
            PayaraHealth.Check check = health.probe(kind);
            System.out.println("[PayaraHealthWithoutRestIT] /health/" + kind + ": " + check.httpStatus() + " "
                    + check.json());
            assertThat(check.status()).as("the redstreams %s check: %s", kind, check.json()).isNull();
        }
    }
}
