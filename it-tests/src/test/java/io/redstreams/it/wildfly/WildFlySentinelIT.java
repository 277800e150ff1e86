package io.redstreams.it.wildfly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

import io.redstreams.it.app.Streams;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.SentinelConsumer;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.ItSentinel;
import io.redstreams.testsupport.RedisSentinelSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The resource adapter on WildFly against Redis Sentinel (1 master, 1 replica, 3 sentinels), configured in its
 * own {@code ironjacamar.xml}: while a {@code @Stateless} bean sends orders with the injected producer to a CDI
 * {@code @StreamConsumer} and to a message-driven bean, the sentinels fail the master over twice. Nothing is
 * redeployed or restarted: every order whose send was confirmed (sends wait for one replica) is handled, and
 * nothing is left pending on the final master.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ItSentinel.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlySentinelIT {

    private static final String APP = "sentinel";
    private static final int CHUNK = 10;

    @ArquillianResource
    @OperateOnDeployment(APP)
    URL base;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        RedisSentinelSet set = ItSentinel.set();
        return ServerApps.sentinelRar(set.sentinelNodes(), set.masterName());
    }

    @Deployment(name = APP, order = 2, testable = false)
    static WebArchive app() {
        return ServerApps.sentinelApp(APP + ".war");
    }

    @Test
    void cdiConsumerMessageDrivenBeanAndProducerCarryOnThroughTwoFailovers() throws Exception {
        RedisSentinelSet set = ItSentinel.set();
        Load cdi = new Load(SentinelConsumer.STREAM, 0);
        Load mdb = new Load(Streams.MDB, 1_000_000);
        Thread cdiSender = new Thread(cdi, "load-cdi");
        Thread mdbSender = new Thread(mdb, "load-mdb");
        cdiSender.start();
        mdbSender.start();
        long start = System.currentTimeMillis();
        try {
            for (int i = 1; i <= 2; i++) {
                long before = cdi.confirmed.size() + mdb.confirmed.size();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> cdi.confirmed.size() + mdb.confirmed.size() >= before + 400);
                int master = set.failover();
                System.out.printf("failover %d: master now on port %d, %d orders confirmed so far%n", i, master,
                        cdi.confirmed.size() + mdb.confirmed.size());
                set.awaitStable();
                long stable = System.nanoTime();
                // both paths confirm sends on the new master by themselves
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> cdi.lastConfirmed.get() > stable && mdb.lastConfirmed.get() > stable);
            }
        } finally {
            cdi.running.set(false);
            mdb.running.set(false);
            cdiSender.join(60_000);
            mdbSender.join(60_000);
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                cdiHandled().containsAll(cdi.confirmed) && mdbDone().containsAll(mdb.confirmed)
                        && pending(set, SentinelConsumer.STREAM, SentinelConsumer.GROUP) == 0
                        && pending(set, Streams.MDB, Streams.MDB_GROUP) == 0);
        long took = System.currentTimeMillis() - start;

        List<Long> cdiDeliveries = cdiDeliveries();
        Set<Long> cdiHandled = new HashSet<>(cdiDeliveries);
        Set<Long> mdbDone = mdbDone();
        long produced = cdi.attempted.get() + mdb.attempted.get();
        long confirmed = cdi.confirmed.size() + mdb.confirmed.size();
        long handled = cdiHandled.size() + mdbDone.size();
        long duplicates = cdiDeliveries.size() - cdiHandled.size() + mdbDuplicates();
        long lost = cdi.confirmed.stream().filter(id -> !cdiHandled.contains(id)).count()
                + mdb.confirmed.stream().filter(id -> !mdbDone.contains(id)).count();
        long deadLettered = length(set, SentinelConsumer.STREAM + ":dlq") + length(set, Streams.MDB + ":dlq");
        System.out.printf("WildFly against Sentinel, 2 failovers: produced %d, confirmed %d, handled %d, "
                        + "dead-lettered %d, duplicates %d, lost %d (confirmed and not handled), pending 0; %d ms%n",
                produced, confirmed, handled, deadLettered, duplicates, lost, took);

        assertThat(lost).as("confirmed orders never handled").isZero();
        assertThat(deadLettered).isZero();
        assertThat(cdi.confirmed).as("CDI path confirmed sends").isNotEmpty();
        assertThat(mdb.confirmed).as("MDB path confirmed sends").isNotEmpty();
    }

    /** Sends chunks of orders through the {@code @Stateless} producer until stopped; a chunk is confirmed when the call succeeded. */
    private final class Load implements Runnable {
        final String stream;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong attempted = new AtomicLong();
        final Set<Long> confirmed = new ConcurrentSkipListSet<>();
        final AtomicLong next;
        /** {@link System#nanoTime()} of the last confirmed chunk. */
        final AtomicLong lastConfirmed = new AtomicLong(Long.MIN_VALUE);

        Load(String stream, long firstId) {
            this.stream = stream;
            this.next = new AtomicLong(firstId + 1);
        }

        @Override
        public void run() {
            while (running.get()) {
                long first = next.getAndAdd(CHUNK);
                attempted.addAndGet(CHUNK);
                try {
                    String answer = Http.get(base, "control?op=send&stream=" + stream + "&first=" + first
                            + "&count=" + CHUNK + "&amount=1");
                    if (answer.equals("sent " + CHUNK)) {
                        for (long id = first; id < first + CHUNK; id++) {
                            confirmed.add(id);
                        }
                        lastConfirmed.set(System.nanoTime());
                    }
                } catch (AssertionError | RuntimeException e) {
                    // a send refused during the failover window (no replica confirmed it within the WAIT
                    // timeout, or the master was away): these orders are unconfirmed; go on
                }
            }
        }
    }

    private List<Long> cdiDeliveries() {
        String body = Http.get(base, "control?op=received").trim();
        return body.isEmpty() ? List.of() : Arrays.stream(body.split(",")).map(Long::valueOf).toList();
    }

    private Set<Long> cdiHandled() {
        return new HashSet<>(cdiDeliveries());
    }

    /** Order id to {@code "<attempts> done|failed"} as the message-driven bean saw it. */
    private Map<Long, String> mdbReport() {
        return Http.get(base, "control?op=mdb").lines().filter(l -> !l.isBlank()).map(l -> l.split(" ", 2))
                .collect(Collectors.toMap(p -> Long.valueOf(p[0]), p -> p[1]));
    }

    private Set<Long> mdbDone() {
        return mdbReport().entrySet().stream().filter(e -> e.getValue().endsWith("done")).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private long mdbDuplicates() {
        return mdbReport().values().stream().mapToLong(v -> Long.parseLong(v.split(" ")[0]) - 1).sum();
    }

    private static long pending(RedisSentinelSet set, String stream, String group) {
        try (Jedis jedis = set.connect(set.masterPort())) {
            return jedis.xpending(stream, group).getTotal();
        } catch (JedisDataException e) {
            return e.getMessage() != null && e.getMessage().startsWith("NOGROUP") ? 0 : -1;
        }
    }

    private static long length(RedisSentinelSet set, String stream) {
        try (Jedis jedis = set.connect(set.masterPort())) {
            return jedis.xlen(stream);
        }
    }
}
