package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisServer;
import io.redstreams.testsupport.TcpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Issue 10, case 1: a failover behind a stable address. Two redis-servers A and B (B replicates A) behind a TCP
 * proxy; the application sends and consumes through the proxy; then B is promoted, A becomes its replica
 * ({@code REPLICAOF}) and the proxy sends new connections to B, leaving the old ones on A (they now answer
 * {@code READONLY}). Within seconds sends succeed and the consumer reads and acknowledges on B, no restart.
 */
class FailoverBehindProxyIT {

    static final String STREAM = "failover-orders";
    static final String GROUP = "billing";
    static final Ledger LEDGER = new Ledger();

    @ApplicationScoped
    public static class Billing {
        void bill(@StreamConsumer(stream = STREAM, group = GROUP, concurrency = 2) StreamMessage<String> m) {
            LEDGER.handled(GROUP, m.id());
        }
    }

    @Test
    @Timeout(90)
    void sendsAndConsumersMoveToTheNewPrimaryWithoutRestart() throws Exception {
        long start = System.nanoTime();
        try (RedisServer a = RedisServer.start();
             RedisServer b = RedisServer.start();
             TcpProxy proxy = TcpProxy.start(a.port());
             Jedis adminA = new Jedis(a.host(), a.port());
             Jedis adminB = new Jedis(b.host(), b.port())) {
            adminB.replicaof(a.host(), a.port());
            await().atMost(Duration.ofSeconds(20)).until(() -> adminB.info("replication").contains("master_link_status:up"));

            Map<String, String> config = WeldApp.defaults(proxy.url());
            config.put("redstreams.producer.pool-size", "4");
            try (WeldApp app = WeldApp.start(config, Billing.class)) {
                StreamProducer producer = app.producer();
                sendPhase(producer, "before", 200);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(LEDGER.handledCount(GROUP)).isEqualTo(LEDGER.confirmedCount());
                    assertThat(adminA.xpending(STREAM, GROUP).getTotal()).isZero();
                });
                await().atMost(Duration.ofSeconds(20)).until(() -> adminB.exists(STREAM)
                        && adminB.xlen(STREAM) == adminA.xlen(STREAM));

                // The failover: B becomes primary, A its replica; only new connections go to B.
                adminB.replicaofNoOne();
                adminA.replicaof(b.host(), b.port());
                proxy.switchTo(b.port());
                long failover = System.nanoTime();

                AtomicInteger failures = new AtomicInteger();
                AtomicReference<String> firstError = new AtomicReference<>();
                List<String> after = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String payload = "after-" + i;
                    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                            .until(() -> {
                                try {
                                    after.add(producer.send(STREAM, payload));
                                    return true;
                                } catch (StreamSendException e) {
                                    failures.incrementAndGet();
                                    firstError.compareAndSet(null, e.getMessage());
                                    return false;
                                }
                            });
                }
                long firstSendsMs = (System.nanoTime() - failover) / 1_000_000;
                LEDGER.produced(after);
                List<CompletableFuture<String>> async = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    async.add(producer.sendAsync(STREAM, "after-async-" + i).toCompletableFuture());
                }
                int asyncFailures = 0;
                for (CompletableFuture<String> f : async) {
                    try {
                        LEDGER.produced(f.join());
                    } catch (RuntimeException e) {
                        asyncFailures++;
                        firstError.compareAndSet(null, e.getMessage());
                    }
                }

                // consumers read and acknowledge on B
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(LEDGER.handledIds(GROUP)).containsAll(after);
                    assertThat(adminB.xpending(STREAM, GROUP).getTotal()).isZero();
                });
                long recoveredMs = (System.nanoTime() - failover) / 1_000_000;
                Ledger.Tally tally = LEDGER.tally(adminB, STREAM, GROUP);
                FaultReport.print("failover-behind-proxy", List.of(tally), start,
                        "send-failures-after-failover=" + failures.get() + " async-failures=" + asyncFailures
                                + " sends-done-ms=" + firstSendsMs + " consumed-and-acked-ms=" + recoveredMs
                                + " first-error=\"" + firstError.get() + "\"");
                assertThat(asyncFailures).isZero();
                assertThat(tally.lostCount()).isZero();
                assertThat(tally.pending()).isZero();
                assertThat(recoveredMs).as("recovered within seconds").isLessThan(15_000);
            }
        }
    }

    private static void sendPhase(StreamProducer producer, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            LEDGER.produced(producer.send(STREAM, prefix + "-" + i));
        }
        List<CompletableFuture<String>> async = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            async.add(producer.sendAsync(STREAM, prefix + "-async-" + i).toCompletableFuture());
        }
        async.forEach(f -> LEDGER.produced(f.join()));
    }
}
