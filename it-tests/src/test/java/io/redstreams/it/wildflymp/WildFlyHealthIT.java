package io.redstreams.it.wildflymp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.Streams;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.OrderListenerBean;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * Redis stopping and coming back under an application on WildFly 39 with {@code standalone-microprofile.xml}
 * (MicroProfile Health): a {@code @Stateless} producer, a CDI {@code @StreamConsumer} and a message-driven bean, with
 * {@code redstreams-mp-health} in the application's {@code WEB-INF/lib}. The redstreams checks on the management
 * interface's {@code /health/*}: UP with one data entry per consumer, the message-driven bean's included (its value
 * ends with {@code (message-driven bean <class>)}; WildFly activates it on the deployed adapter's instance and hosts
 * the application on the instance of its {@code @ConnectionFactoryDefinition}); readiness DOWN with the reason while Redis is
 * stopped, liveness and startup UP; UP again after. The consumers take every entry sent after Redis came back, without a
 * redeploy (none lost); sends during the outage fail with an error. Without the jar WildFly 39 lists no redstreams
 * check (the adapter's extension's synthetic beans are not listed): README, "Health checks".
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly-mp",
        disabledReason = "needs the wildfly-mp container (standalone-microprofile.xml)")
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyHealthIT {

    private static final String APP = "app";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How the value of the message-driven bean's data entry ends. */
    private static final String MDB_MARK = " (message-driven bean " + OrderListenerBean.class.getName() + ")";

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @ArquillianResource
    @OperateOnDeployment(APP)
    URL base;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = APP, order = 2, testable = false)
    static WebArchive app() {
        return ServerApps.app("health.war").addAsLibrary(ServerApps.mpHealthJar());
    }

    /** The checks of {@code redstreams-mp-health} through an outage, and the consumers resuming after it. */
    @Test
    void readinessGoesDownWithTheReasonWhileRedisIsStoppedLivenessStaysUpAndNothingSentIsLost() {
        outage(true);
    }

    private void outage(boolean checks) {
        Set<Long> confirmed = new TreeSet<>();
        confirmed.addAll(sendOrders(1, 20));
        send(Streams.MDB, 1);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(received()).containsAll(confirmed);
            assertThat(mdbDone()).contains(1L);
        });

        for (String endpoint : new String[] {"/health/started", "/health/ready", "/health/live"}) {
            if (!checks) {
                Health health = Health.read(endpoint);
                System.out.println("WildFlyHealthIT: " + endpoint + " " + health.httpStatus() + " " + health.body());
                continue;
            }
            await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
                Health health = Health.read(endpoint);
                assertThat(health.check().status()).as("redstreams at %s: %s", endpoint, health.body())
                        .isEqualTo("UP");
                assertThat(health.consumers(Streams.ORDERS, Streams.ORDERS_GROUP))
                        .as("one data entry per consumer at %s: %s", endpoint, health.body()).hasSize(1);
                assertThat(health.consumers(Streams.MDB, Streams.MDB_GROUP).values())
                        .as("the message-driven bean's entry at %s: %s", endpoint, health.body())
                        .singleElement().satisfies(v -> assertThat(v).endsWith(MDB_MARK));
                assertThat(health.check().data()).as(health.body()).containsKey("producer-pool");
            });
        }
        long downAfterMs = -1;
        int attempted = 0;
        int failed = 0;
        if (checks) {
            readyBeforeTheOutage();
        }
        long stoppedAt = System.nanoTime();
        ItRedis.REDIS.server().stop();
        try {
            if (checks) {
                await().atMost(WAIT).pollInterval(POLL).untilAsserted(WildFlyHealthIT::readinessDown);
                downAfterMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                livenessUpDuringTheOutage();
            }
            // producers get errors while Redis is down (never a silent loss): count them
            for (long id = 1000; id < 1005; id++) {
                attempted++;
                if (trySend(Streams.ORDERS, id)) {
                    confirmed.add(id);
                } else {
                    failed++;
                }
            }
        } finally {
            ItRedis.REDIS.server().restart(); // no persistence: an empty Redis, the groups are created again
        }
        long restartedAt = System.nanoTime();
        long upAfterMs = -1;
        if (checks) {
            await().atMost(WAIT).pollInterval(POLL).untilAsserted(WildFlyHealthIT::readinessUp);
            upAfterMs = (System.nanoTime() - restartedAt) / 1_000_000;
            assertThat(Health.read("/health/live").check().status()).isEqualTo("UP");
        }

        // a send on a pooled connection the restart broke may fail (sends are not retried: Redis 7 has no
        // idempotent XADD); the caller retries, as the README says
        AtomicInteger retried = new AtomicInteger();
        for (long id = 2000; id < 2020; id++) {
            sendRetrying(Streams.ORDERS, id, retried);
            confirmed.add(id);
        }
        for (long id = 3000; id < 3005; id++) {
            redis.addOrder(Streams.ORDERS, id, 1); // as another service would
            confirmed.add(id);
        }
        sendRetrying(Streams.MDB, 2000, retried);

        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(received()).containsAll(confirmed);
            assertThat(mdbDone()).contains(2000L);
            assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).as("XPENDING").isZero();
        });
        Set<Long> consumed = received();
        int duplicates = receivedCount() - consumed.size();
        Set<Long> lost = new TreeSet<>(confirmed);
        lost.removeAll(consumed);
        System.out.printf("WildFlyHealthIT: sent before the outage 20, during it %d (failed with an error %d),"
                        + " after it 20 + 1 to the MDB (%d sends failed and were retried) + 5 by a foreign client;"
                        + " confirmed %d, consumed %d (distinct ids; %d duplicate deliveries), lost %d%s%n", attempted,
                failed, retried.get(), confirmed.size(), consumed.size(), duplicates, lost.size(), checks ? "; readiness DOWN " + downAfterMs + " ms after Redis stopped,"
                        + " UP " + upAfterMs + " ms after it restarted" : "");
        assertThat(lost).as("confirmed and never consumed").isEmpty();
    }

    private static void readyBeforeTheOutage() {
        Health ready = Health.read("/health/ready");
        assertThat(ready.consumers(Streams.ORDERS, Streams.ORDERS_GROUP).values()).containsOnly("READING");
        assertThat(ready.consumers(Streams.MDB, Streams.MDB_GROUP).values()).as(ready.body())
                .containsExactly("READING" + MDB_MARK);
        assertThat(ready.httpStatus()).as(ready.body()).isEqualTo(200);
        Health live = Health.read("/health/live");
        assertThat(live.consumers(Streams.ORDERS, Streams.ORDERS_GROUP).values()).containsOnly("live");
        assertThat(live.consumers(Streams.MDB, Streams.MDB_GROUP).values()).as(live.body())
                .containsExactly("live" + MDB_MARK);
        System.out.println("WildFlyHealthIT: readiness before the outage: " + ready.body());
    }

    private static void readinessDown() {
        Health health = Health.read("/health/ready");
        assertThat(health.httpStatus()).as(health.body()).isEqualTo(503);
        assertThat(health.check().status()).as(health.body()).isEqualTo("DOWN");
        assertThat(health.consumers(Streams.ORDERS, Streams.ORDERS_GROUP).values()).as(health.body())
                .singleElement().satisfies(v -> assertThat(v).startsWith("RECONNECTING: ")
                        .contains(Integer.toString(ItRedis.REDIS.port())));
        assertThat(health.consumers(Streams.MDB, Streams.MDB_GROUP).values()).as(health.body())
                .singleElement().satisfies(v -> assertThat(v).startsWith("RECONNECTING: ").endsWith(MDB_MARK));
        System.out.println("WildFlyHealthIT: readiness while Redis is stopped: " + health.body());
    }

    private static void livenessUpDuringTheOutage() {
        Health live = Health.read("/health/live");
        assertThat(live.check().status()).as(live.body()).isEqualTo("UP");
        assertThat(live.consumers(Streams.ORDERS, Streams.ORDERS_GROUP).values()).as(live.body())
                .containsOnly("live");
        assertThat(live.consumers(Streams.MDB, Streams.MDB_GROUP).values()).as(live.body())
                .containsExactly("live" + MDB_MARK);
        Health started = Health.read("/health/started");
        assertThat(started.check().status()).as(started.body()).isEqualTo("UP");
        System.out.println("WildFlyHealthIT: liveness while Redis is stopped: " + live.body());
    }

    private static void readinessUp() {
        Health health = Health.read("/health/ready");
        assertThat(health.httpStatus()).as(health.body()).isEqualTo(200);
        assertThat(health.check().status()).as(health.body()).isEqualTo("UP");
        assertThat(health.consumers(Streams.ORDERS, Streams.ORDERS_GROUP).values()).containsOnly("READING");
        assertThat(health.consumers(Streams.MDB, Streams.MDB_GROUP).values()).as(health.body())
                .containsExactly("READING" + MDB_MARK);
    }

    private Set<Long> sendOrders(long first, int count) {
        assertThat(Http.get(base, "control?op=send&stream=" + Streams.ORDERS + "&first=" + first + "&count=" + count
                + "&amount=1")).isEqualTo("sent " + count);
        Set<Long> ids = new TreeSet<>();
        for (long id = first; id < first + count; id++) {
            ids.add(id);
        }
        return ids;
    }

    private void send(String stream, long id) {
        assertThat(Http.get(base, "control?op=send&stream=" + stream + "&first=" + id + "&count=1&amount=1"))
                .isEqualTo("sent 1");
    }

    /** Sends until a send succeeds, counting the failed attempts. */
    private void sendRetrying(String stream, long id, AtomicInteger failures) {
        await().atMost(WAIT).pollInterval(POLL).until(() -> {
            if (trySend(stream, id)) {
                return true;
            }
            failures.incrementAndGet();
            return false;
        });
    }

    private boolean trySend(String stream, long id) {
        try {
            send(stream, id);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private Set<Long> received() {
        String body = Http.get(base, "control?op=received").trim();
        return body.isEmpty() ? Set.of()
                : Arrays.stream(body.split(",")).map(Long::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many entries the CDI consumer handled, an id delivered twice counted twice. */
    private int receivedCount() {
        String body = Http.get(base, "control?op=received").trim();
        return body.isEmpty() ? 0 : body.split(",").length;
    }

    /** The ids the message-driven bean completed. */
    private Set<Long> mdbDone() {
        return Http.get(base, "control?op=mdb").lines().filter(l -> l.endsWith(" done"))
                .map(l -> Long.valueOf(l.substring(0, l.indexOf(' ')))).collect(Collectors.toSet());
    }
}
