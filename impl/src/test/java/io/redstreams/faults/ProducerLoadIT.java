package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisServer;
import io.redstreams.testsupport.TcpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Issue 10, the producer under load: 8 threads (4 synchronous, 4 asynchronous) send through a TCP proxy while
 * the primary A restarts (SIGTERM, AOF with fsync always) and then fails over to B (B promoted, A its replica,
 * the proxy sends new connections to B, old ones stay on A). Every send the producer confirmed is in the stream
 * of the new primary; the library's own retries add no duplicates.
 */
class ProducerLoadIT {

    static final String STREAM = "load";
    static final int THREADS = 8;

    @ApplicationScoped
    public static class NoConsumers {
    }

    @Test
    @Timeout(120)
    void confirmedSendsSurviveARestartAndAFailover() throws Exception {
        long start = System.nanoTime();
        try (RedisServer a = RedisServer.start(new RedisServer.Options().appendOnly(true));
             RedisServer b = RedisServer.start();
             TcpProxy proxy = TcpProxy.start(a.port());
             Jedis adminB = new Jedis(b.host(), b.port())) {
            adminB.replicaof(a.host(), a.port());
            Map<String, String> config = WeldApp.defaults(proxy.url());
            config.put("redstreams.producer.async-max-pending", "2000");
            // this test counts what sends do through a restart and a failover; with the circuit breaker on, its
            // tight loops would mostly count refusals (ProducerCircuitBreakerIT tests the breaker)
            config.put("redstreams.producer.circuit-breaker.enabled", "false");
            Set<String> confirmed = ConcurrentHashMap.newKeySet(); // payloads
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<String> firstError = new AtomicReference<>();
            AtomicBoolean running = new AtomicBoolean(true);
            int[] phases = new int[2]; // failures around the restart, around the failover
            try (WeldApp app = WeldApp.start(config, NoConsumers.class)) {
                StreamProducer producer = app.producer();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    boolean async = t % 2 == 1;
                    String prefix = "t" + t + "-";
                    Thread thread = new Thread(() -> {
                        List<CompletableFuture<Void>> window = new ArrayList<>();
                        for (int i = 0; running.get(); i++) {
                            String payload = prefix + i;
                            sent.incrementAndGet();
                            if (async) {
                                window.add(producer.sendAsync(STREAM, payload).toCompletableFuture()
                                        .handle((id, error) -> {
                                            record(payload, error, confirmed, failed, firstError);
                                            return null;
                                        }));
                                if (window.size() >= 100) {
                                    window.forEach(CompletableFuture::join);
                                    window.clear();
                                }
                            } else {
                                try {
                                    producer.send(STREAM, payload);
                                    record(payload, null, confirmed, failed, firstError);
                                } catch (RuntimeException e) {
                                    record(payload, e, confirmed, failed, firstError);
                                }
                            }
                        }
                        window.forEach(CompletableFuture::join);
                    }, "load-" + t);
                    threads.add(thread);
                    thread.start();
                }

                await().atMost(Duration.ofSeconds(20)).until(() -> confirmed.size() >= 5_000);
                // 1. A restarts (graceful: the AOF is complete)
                int failedBefore = failed.get();
                a.stop();
                a.restart();
                await().atMost(Duration.ofSeconds(20)).until(() -> confirmed.size() >= 10_000);
                int afterRestart = confirmed.size();
                phases[0] = failed.get() - failedBefore;

                // 2. failover behind the proxy: writes on A paused until B has them all, then roles swap
                try (Jedis adminA = new Jedis(a.host(), a.port())) {
                    adminA.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "10000", "WRITE");
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            offset(adminB) == offset(adminA) && adminB.info("replication").contains("master_link_status:up"));
                    adminB.replicaofNoOne();
                    adminA.replicaof(b.host(), b.port());
                    proxy.switchTo(b.port());
                    adminA.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNPAUSE");
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> confirmed.size() >= afterRestart + 5_000);
                phases[1] = failed.get() - failedBefore - phases[0];
                running.set(false);
                for (Thread t : threads) {
                    t.join(30_000);
                }
            }

            // read back from the new primary
            Map<String, Integer> counts = new HashMap<>();
            String from = "-";
            while (true) {
                List<StreamEntry> page = adminB.xrange(STREAM, from, "+", 10_000);
                for (StreamEntry e : page) {
                    counts.merge(e.getFields().get("payload"), 1, Integer::sum);
                }
                if (page.size() < 10_000) {
                    break;
                }
                StreamEntry last = page.get(page.size() - 1);
                from = "(" + last.getID();
            }
            int duplicates = counts.values().stream().mapToInt(c -> c - 1).sum();
            long lost = confirmed.stream().filter(p -> !counts.containsKey(p)).count();
            FaultReport.emit(String.format(java.util.Locale.ROOT,
                    "FAULT producer-load: sent=%d confirmed=%d failed-with-error=%d duplicates=%d lost=%d "
                            + "in-stream=%d threads=%d failed-around-restart=%d failed-around-failover=%d time=%.1fs"
                            + " first-error=\"%s\"",
                    sent.get(), confirmed.size(), failed.get(), duplicates, lost, counts.size(), THREADS,
                    phases[0], phases[1],
                    (System.nanoTime() - start) / 1e9, firstError.get()));
            assertThat(lost).as("confirmed sends missing from the stream").isZero();
            assertThat(duplicates).as("entries added twice").isZero();
            assertThat(confirmed.size() + failed.get()).isEqualTo(sent.get());
        }
    }

    private static void record(String payload, Throwable error, Set<String> confirmed, AtomicInteger failed,
                               AtomicReference<String> firstError) {
        if (error == null) {
            confirmed.add(payload);
        } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, String.valueOf(error.getMessage()));
        }
    }

    private static long offset(Jedis admin) {
        return Long.parseLong(ProducerFaultsIT.infoField(admin.info("replication"), "master_repl_offset"));
    }
}
