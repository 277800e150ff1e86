package io.redstreams.it.wildfly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
import io.redstreams.it.server.ServerLog;
import io.redstreams.it.server.app.BusyPoolListenerBean;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * A delivery the container refused is not a failed delivery, on WildFly: an MDB with a strict pool of one
 * instance (200 ms timeout) and slow deliveries (300 ms), read by 4 concurrent deliveries, gets more entries than
 * its pool serves. The deliveries that find no instance fail in the container before the bean runs; none of them
 * may use up {@code maxDeliveries} (2): every entry reaches the bean, with delivery count 1, and none is
 * dead-lettered.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyBusyPoolIT {

    private static final String APP = "busy";

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
        return ServerApps.busyPoolApp("busy.war");
    }

    @Test
    void noEntryIsDeadLetteredThatTheBeanNeverSaw() {
        int produced = 16;
        long warningsBefore = unavailabilityWarnings(); // the server's log is kept between builds
        long start = System.currentTimeMillis();
        for (long id = 1; id <= produced; id++) {
            redis.addOrder(BusyPoolListenerBean.STREAM, id, 1);
        }

        // every entry's fate known: acknowledged after the bean saw it, or dead-lettered
        await().atMost(Duration.ofSeconds(90)).until(() ->
                redis.pending(BusyPoolListenerBean.STREAM, BusyPoolListenerBean.GROUP) == 0
                        && seen().size() + deadLettered().size() >= produced);
        long took = System.currentTimeMillis() - start;
        Map<Long, List<Long>> seen = seen();
        Set<Long> deadLettered = deadLettered();
        Set<Long> deadLetteredUnseen = deadLettered.stream().filter(id -> !seen.containsKey(id))
                .collect(Collectors.toSet());
        long deliveries = seen.values().stream().mapToLong(List::size).sum();
        long warnings = unavailabilityWarnings() - warningsBefore;
        System.out.printf("WildFly, 1-instance pool, 4 concurrent deliveries: produced %d, seen by the bean %d "
                        + "(%d deliveries), dead-lettered %d (unseen %d), lost %d; %d unavailability warning(s) logged; %d ms%n",
                produced, seen.size(), deliveries, deadLettered.size(), deadLetteredUnseen.size(),
                produced - seen.size() - deadLettered.size(), warnings, took);

        assertThat(deadLetteredUnseen).as("dead-lettered without the bean ever seeing them").isEmpty();
        assertThat(deadLettered).isEmpty();
        assertThat(seen).hasSize(produced);
        assertThat(seen.values()).as("delivery counts the bean saw, per entry").allSatisfy(counts ->
                assertThat(counts).containsExactly(1L));
        assertThat(warnings).as("the pool had no instance at times (else this test tests nothing)").isPositive();
    }

    /** Order id to the delivery counts the bean saw. */
    private Map<Long, List<Long>> seen() {
        return Http.get(base, "busy").lines().filter(l -> !l.isBlank()).map(l -> l.split(" ", 2))
                .collect(Collectors.toMap(p -> Long.valueOf(p[0]),
                        p -> Arrays.stream(p[1].split(",")).map(Long::valueOf).toList()));
    }

    private static long unavailabilityWarnings() {
        return ServerLog.linesWith(ServerLog.wildfly(), "is unavailable (no bean instance").size();
    }

    private Set<Long> deadLettered() {
        return redis.orderIds(BusyPoolListenerBean.STREAM + ":dlq");
    }
}
