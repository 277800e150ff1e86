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

import io.redstreams.it.app.Amounts;
import io.redstreams.it.app.Streams;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.CountedOrders;
import io.redstreams.it.server.app.MdbLog;
import io.redstreams.it.server.app.OrderListenerBean;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * The application of {@link PayaraHealthWithoutRestIT} (a servlet, no JAX-RS resource, no check of its own) with
 * {@code redstreams-mp-health} in its {@code WEB-INF/lib}: Payara's health container now handles it, and
 * {@code /health/*} has exactly one {@code redstreams} check of each kind, with the consumer's data entry; readiness
 * goes DOWN while Redis is stopped (liveness stays UP) and UP again after. The WAR's message-driven bean, activated on
 * the adapter, has its own entry, marked as such, that goes RECONNECTING too.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraHealthJarIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONSUMER = CountedOrders.STREAM + "/" + CountedOrders.GROUP + "/";
    private static final String BEAN = Streams.MDB + "/" + Streams.MDB_GROUP + "/";
    private static final String BEAN_MARK = " (message-driven bean " + OrderListenerBean.class.getName() + ")";

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment(testable = false)
    static WebArchive app() {
        return ServerApps.plainHealthApp("plainjar.war").addAsLibrary(ServerApps.mpHealthJar())
                .addClasses(Amounts.class, Streams.class, MdbLog.class, OrderListenerBean.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void theJarBringsTheChecksWithoutAJaxRsResource() {
        for (long id = 1; id <= 10; id++) {
            redis.addOrder(CountedOrders.STREAM, id, 1);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Http.get(base, "deliveries").split(",")).hasSize(10);
            assertThat(redis.pending(CountedOrders.STREAM, CountedOrders.GROUP)).isZero();
        });
        PayaraHealth health = new PayaraHealth(base);
        for (String kind : new String[] {"ready", "live", "started"}) {
            PayaraHealth.Check check = health.await(kind, "UP", WAIT);
            System.out.println("[PayaraHealthJarIT] /health/" + kind + ": " + check.httpStatus() + " " + check.json());
            assertThat(check.data().keySet()).as(check.json()).filteredOn(k -> k.startsWith(CONSUMER)).hasSize(1);
            assertThat(check.data().entrySet()).as(check.json()).filteredOn(e -> e.getKey().startsWith(BEAN))
                    .singleElement().satisfies(e -> assertThat(String.valueOf(e.getValue())).endsWith(BEAN_MARK));
            assertThat(health.count(kind)).as("redstreams checks at /health/%s", kind).isEqualTo(1);
        }

        ItRedis.REDIS.server().stop();
        try {
            PayaraHealth.Check down = health.await("ready", "DOWN", WAIT);
            System.out.println("[PayaraHealthJarIT] /health/ready while Redis is stopped: " + down.httpStatus() + " "
                    + down.json());
            assertThat(down.httpStatus()).isEqualTo(503);
            assertThat(down.data().entrySet()).filteredOn(e -> e.getKey().startsWith(CONSUMER))
                    .singleElement().satisfies(e -> assertThat(String.valueOf(e.getValue()))
                            .startsWith("RECONNECTING: "));
            assertThat(down.data().entrySet()).filteredOn(e -> e.getKey().startsWith(BEAN))
                    .singleElement().satisfies(e -> assertThat(String.valueOf(e.getValue()))
                            .startsWith("RECONNECTING: ").endsWith(BEAN_MARK));
            assertThat(health.probe("live").status()).isEqualTo("UP");
        } finally {
            ItRedis.REDIS.server().restart();
        }
        PayaraHealth.Check up = health.await("ready", "UP", WAIT);
        assertThat(up.httpStatus()).isEqualTo(200);
        System.out.println("[PayaraHealthJarIT] /health/ready after Redis restarted: " + up.json());
    }
}
