package io.redstreams.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.redstreams.CircuitOpenException;
import io.redstreams.PartialSendException;
import io.redstreams.ProducerStatus;
import io.redstreams.ProducerStatus.CircuitState;
import io.redstreams.StreamAdmin;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.ProducerConnection;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import io.redstreams.testsupport.TcpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.StreamEntryID;

/**
 * Issue 13 §6: the producer's circuit breaker against a real Redis behind a {@link TcpProxy} that cuts the network
 * (new connections to a dead port, the open ones dropped). Connection attempts are counted at the proxy.
 */
class ProducerCircuitBreakerIT {

    private static final int THRESHOLD = 3;
    private static final long COOL_DOWN_MS = 1500;

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    private TcpProxy proxy;

    @BeforeEach
    void start() {
        redis.flushAll();
        proxy = TcpProxy.start(redis.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("redstreams.redis.url", proxy.url());
        config.put("redstreams.redis.timeout-ms", "3000");
        config.put("redstreams.producer.circuit-breaker.failure-threshold", Integer.toString(THRESHOLD));
        config.put("redstreams.producer.circuit-breaker.cool-down-ms", Long.toString(COOL_DOWN_MS));
        return config;
    }

    private static RedStreamsEngine engine(Map<String, String> config) {
        return RedStreamsEngine.builder()
                .settings(EngineSettings.from(RedStreamsConfig.read(ConfigLookup.of(config)))).build();
    }

    private void cutNetwork() {
        proxy.switchTo(RedisServer.freePort()); // nothing listens there: the proxy accepts, then closes
        proxy.dropConnections();
    }

    private void restoreNetwork() {
        proxy.switchTo(redis.port());
    }

    @Test
    @Timeout(60)
    void opensAfterARunOfConnectionFailuresFailsFastProbesAndCloses() throws Exception {
        long started = System.nanoTime();
        List<String> confirmed = new ArrayList<>();
        int produced = 0;
        int rejected = 0;
        try (RedStreamsEngine engine = engine(config())) {
            StreamProducer producer = engine.producer();
            for (int i = 0; i < 10; i++) {
                produced++;
                confirmed.add(producer.send("orders", "before-" + i));
            }
            assertThat(engine.producerStatus().circuit().state()).isEqualTo(CircuitState.CLOSED);

            cutNetwork();
            int failedAtConnectionLevel = 0;
            while (true) {
                produced++;
                try {
                    producer.send("orders", "during-" + produced);
                    confirmed.add("unexpected");
                } catch (CircuitOpenException e) {
                    rejected++;
                    break;
                } catch (StreamSendException e) {
                    failedAtConnectionLevel++;
                }
                assertThat(failedAtConnectionLevel).as("sends before the breaker opened").isLessThanOrEqualTo(THRESHOLD);
            }
            assertThat(failedAtConnectionLevel).isEqualTo(THRESHOLD);
            ProducerStatus.Circuit open = engine.producerStatus().circuit();
            System.out.println("BREAKER opened: " + open);
            assertThat(open.state()).isEqualTo(CircuitState.OPEN);
            assertThat(open.connectionFailures()).isEqualTo(THRESHOLD);
            assertThat(open.timesOpened()).isEqualTo(1);
            assertThat(open.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(COOL_DOWN_MS));

            // open: every send fails fast, sync, batch and idempotent alike, and nothing connects
            int attemptsBefore = proxy.acceptedConnections();
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                produced++;
                assertThatThrownBy(() -> producer.send("orders", "open")).isInstanceOf(CircuitOpenException.class)
                        .hasMessageContaining("circuit breaker is open");
                rejected++;
            }
            produced += 2;
            assertThatThrownBy(() -> producer.sendAll("orders", List.of("a", "b")))
                    .isInstanceOf(CircuitOpenException.class);
            produced++;
            assertThatThrownBy(() -> producer.sendIdempotent("orders", "key-1", "c", Map.of()))
                    .isInstanceOfSatisfying(CircuitOpenException.class,
                            e -> assertThat(e.retryAfter()).isPositive());
            rejected += 3; // entries: two of sendAll, one idempotent
            long fastMs = (System.nanoTime() - t0) / 1_000_000;
            int attemptsWhileOpen = proxy.acceptedConnections() - attemptsBefore;
            System.out.println("BREAKER open: 102 calls refused in " + fastMs + " ms, connection attempts="
                    + attemptsWhileOpen);
            assertThat(attemptsWhileOpen).as("no connection attempt while open").isZero();
            assertThat(engine.producerStatus().circuit().rejectedCalls()).as("calls refused").isEqualTo(1 + 100 + 2);

            // after the cool-down one probe goes; Redis still unreachable: open again
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.producerStatus().circuit().retryAfter().isZero());
            produced++;
            int beforeProbe = proxy.acceptedConnections();
            assertThatThrownBy(() -> producer.send("orders", "probe-1")).isInstanceOf(StreamSendException.class)
                    .isNotInstanceOf(CircuitOpenException.class);
            assertThat(proxy.acceptedConnections()).as("the probe tried").isGreaterThan(beforeProbe);
            ProducerStatus.Circuit reopened = engine.producerStatus().circuit();
            assertThat(reopened.state()).isEqualTo(CircuitState.OPEN);
            assertThat(reopened.timesOpened()).isEqualTo(2);

            // Redis back, but stalled: the probe is on its way (half-open) and everything else is refused
            restoreNetwork();
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.producerStatus().circuit().retryAfter().isZero());
            redis.admin().clientPause(1500, ClientPauseMode.WRITE);
            AtomicReference<Object> probe = new AtomicReference<>();
            Thread prober = new Thread(() -> {
                try {
                    probe.set(producer.send("orders", "probe-2"));
                } catch (RuntimeException e) {
                    probe.set(e);
                }
            }, "prober");
            prober.start();
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> engine.producerStatus().circuit().state() == CircuitState.HALF_OPEN);
            produced += 2;
            assertThatThrownBy(() -> producer.send("orders", "while-probing"))
                    .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                        assertThat(e.retryAfter()).isZero();
                        assertThat(e).hasMessageContaining("half-open");
                    });
            rejected++;
            prober.join(10_000);
            assertThat(probe.get()).as("the probe succeeded once Redis resumed").isInstanceOf(String.class);
            confirmed.add((String) probe.get());
            assertThat(engine.producerStatus().circuit().state()).isEqualTo(CircuitState.CLOSED);

            for (int i = 0; i < 10; i++) {
                produced++;
                confirmed.add(producer.send("orders", "after-" + i));
            }
            System.out.println("BREAKER closed: " + engine.producerStatus().circuit());
        }
        report("breaker-sync", produced, confirmed, rejected, started);
    }

    @Test
    @Timeout(60)
    void commandErrorsDoNotOpenIt() {
        redis.admin().set("not-a-stream", "a string");
        try (RedStreamsEngine engine = engine(config())) {
            StreamProducer producer = engine.producer();
            for (int i = 0; i < THRESHOLD * 5; i++) {
                assertThatThrownBy(() -> producer.send("not-a-stream", "x")).isInstanceOf(StreamSendException.class)
                        .hasMessageContaining("WRONGTYPE");
            }
            assertThatThrownBy(() -> producer.sendAll("not-a-stream", List.of("a", "b", "c")))
                    .isInstanceOf(PartialSendException.class);
            assertThatThrownBy(() -> producer.sendAsync("not-a-stream", "y").toCompletableFuture().join())
                    .hasCauseInstanceOf(StreamSendException.class);
            ProducerStatus.Circuit circuit = engine.producerStatus().circuit();
            System.out.println("BREAKER after command errors: " + circuit);
            assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
            assertThat(circuit.connectionFailures()).isZero();
            assertThat(circuit.rejectedCalls()).isZero();
            assertThat(producer.send("healthy", "ok")).isNotNull();
        }
    }

    @Test
    @Timeout(60)
    void asyncSendsOpenItAndRejectedStagesCompleteOnTheCompleterThread() throws Exception {
        long started = System.nanoTime();
        try (RedStreamsEngine engine = engine(config())) {
            StreamProducer producer = engine.producer();
            List<String> confirmed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                confirmed.add(producer.sendAsync("events", "before-" + i).toCompletableFuture().join());
            }
            // Hold the completer: a callback on a send that cannot complete yet (Redis paused) blocks it, so that
            // every later completion waits in its queue and none can have happened on the caller's thread.
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch hold = new CountDownLatch(1);
            redis.admin().clientPause(1000, ClientPauseMode.WRITE);
            CompletableFuture<String> held = producer.sendAsync("events", "held").toCompletableFuture();
            held.whenComplete((id, e) -> {
                entered.countDown();
                try {
                    hold.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the completer is held").isTrue();
            confirmed.add(held.join());

            cutNetwork();
            List<CompletableFuture<String>> during = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                during.add(producer.sendAsync("events", "during").toCompletableFuture());
                return engine.producerStatus().circuit().state() == CircuitState.OPEN;
            });
            int attemptsBefore = proxy.acceptedConnections();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<String>> refused = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CompletableFuture<String> stage = producer.sendAsync("events", "open-" + i).toCompletableFuture();
                assertThat(stage).as("not completed on the caller's thread").isNotDone();
                stage.whenComplete((id, e) -> threads.add(Thread.currentThread().getName()));
                refused.add(stage);
            }
            hold.countDown();
            int rejected = 0;
            for (CompletableFuture<String> stage : refused) {
                try {
                    stage.join();
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(CircuitOpenException.class);
                    rejected++;
                }
            }
            int failed = 0;
            for (CompletableFuture<String> stage : during) {
                try {
                    confirmed.add(stage.join());
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(StreamSendException.class);
                    failed++;
                }
            }
            ProducerStatus.Circuit circuit = engine.producerStatus().circuit();
            System.out.println("BREAKER async: sent-while-opening=" + during.size() + " (failed " + failed
                    + ") refused=" + rejected + " threads=" + threads + " " + circuit);
            assertThat(rejected).isEqualTo(refused.size());
            // each stage was not done when sendAsync returned (checked above); a callback attached in the instant
            // the completer completes it runs on the attaching thread (CompletableFuture), never on the flusher
            String caller = Thread.currentThread().getName();
            assertThat(threads).contains("redstreams-async-completer")
                    .allMatch(t -> t.equals("redstreams-async-completer") || t.equals(caller), "completer or caller");
            assertThat(proxy.acceptedConnections()).as("no connection attempt while open").isEqualTo(attemptsBefore);
            assertThat(circuit.rejectedCalls()).isGreaterThanOrEqualTo(refused.size());

            restoreNetwork();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    confirmed.add(producer.sendAsync("events", "after").toCompletableFuture().join());
                    return true;
                } catch (CompletionException e) {
                    return false;
                }
            });
            assertThat(engine.producerStatus().circuit().state()).isEqualTo(CircuitState.CLOSED);
            report("breaker-async", 20 + 1 + during.size() + refused.size() + 1, confirmed, rejected, started);
        }
    }

    @Test
    @Timeout(60)
    void theAdaptersProducerConnectionsShareTheEnginesBreaker() {
        try (RedStreamsEngine engine = engine(config())) {
            try (ProducerConnection jca = engine.openProducerConnection("jca")) {
                assertThat(jca.send("outbound", "first", null)).isNotNull();
                cutNetwork();
                for (int i = 0; i < THRESHOLD; i++) {
                    assertThatThrownBy(() -> engine.producer().send("outbound", "x"))
                            .isNotInstanceOf(CircuitOpenException.class);
                }
                assertThatThrownBy(() -> jca.send("outbound", "refused", null))
                        .isInstanceOf(CircuitOpenException.class);
                assertThat(jca.isBroken()).as("a refused send says nothing about the connection").isFalse();
                // the server's pool opening another one: refused at once, nothing attempted
                int attemptsBefore = proxy.acceptedConnections();
                assertThatThrownBy(() -> engine.openProducerConnection("jca"))
                        .isInstanceOfSatisfying(ProducerConnection.OpenException.class, e -> {
                            assertThat(e.reason()).isEqualTo(ProducerConnection.OpenException.Reason.UNREACHABLE);
                            assertThat(e).hasCauseInstanceOf(CircuitOpenException.class);
                        });
                assertThat(proxy.acceptedConnections()).isEqualTo(attemptsBefore);
            }
        }
    }

    @Test
    @Timeout(60)
    void failedOpensOfProducerConnectionsCountToo() {
        try (RedStreamsEngine engine = engine(config())) {
            cutNetwork();
            for (int i = 0; i < THRESHOLD; i++) {
                assertThatThrownBy(() -> engine.openProducerConnection("jca"))
                        .isInstanceOfSatisfying(ProducerConnection.OpenException.class,
                                e -> assertThat(e).hasCauseInstanceOf(RedisConnectionException.class));
            }
            assertThat(engine.producerStatus().circuit().state()).isEqualTo(CircuitState.OPEN);
            restoreNetwork();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        engine.openProducerConnection("jca").close();
                        return true;
                    });
            assertThat(engine.producerStatus().circuit().state()).isEqualTo(CircuitState.CLOSED);
        }
    }

    /** Application beans see the same status through the injected admin API. */
    @ApplicationScoped
    public static class Operator {
        @Inject
        StreamAdmin admin;

        StreamAdmin admin() {
            return admin;
        }
    }

    @Test
    @Timeout(60)
    void theAdminApiShowsTheBreaker() {
        Map<String, String> config = WeldApp.defaults(proxy.url());
        config.putAll(config());
        try (WeldApp app = WeldApp.start(config, Operator.class)) {
            StreamAdmin admin = app.bean(Operator.class).admin();
            assertThat(admin.producerStatus().circuit().state()).isEqualTo(CircuitState.CLOSED);
            app.producer().send("admin-view", "ok");
            cutNetwork();
            for (int i = 0; i < THRESHOLD; i++) {
                assertThatThrownBy(() -> app.producer().send("admin-view", "x")).isInstanceOf(StreamSendException.class);
            }
            assertThatThrownBy(() -> app.producer().send("admin-view", "x")).isInstanceOf(CircuitOpenException.class);
            ProducerStatus status = admin.producerStatus();
            System.out.println("ADMIN producerStatus: " + status);
            assertThat(status.circuit().state()).isEqualTo(CircuitState.OPEN);
            assertThat(status.circuit().failureThreshold()).isEqualTo(THRESHOLD);
            assertThat(status.circuit().recentFailures()).isEqualTo(THRESHOLD);
            assertThat(status.circuit().rejectedCalls()).isEqualTo(1);
            assertThat(status.asyncBuffer().policy()).isEqualTo("block");
            assertThat(status.asyncBuffer().capacity()).isEqualTo(10000);
            restoreNetwork();
        }
    }

    /** Prints produced / confirmed / rejected / lost; lost = confirmed ids missing from the stream. */
    static void report(String name, int produced, List<String> confirmed, int rejected, long startNanos) {
        assertThat(confirmed).doesNotContain("unexpected");
        Set<String> inRedis = new HashSet<>();
        for (String stream : List.of("orders", "events", "buffered")) {
            for (StreamEntry e : redis.admin().xrange(stream, (StreamEntryID) null, (StreamEntryID) null)) {
                inRedis.add(e.getID().toString());
            }
        }
        long lost = confirmed.stream().filter(id -> !inRedis.contains(id)).count();
        FaultReport.emit(String.format(java.util.Locale.ROOT,
                "FAULT %s: produced=%d confirmed=%d rejected=%d failed=%d lost=%d time=%.1fs", name, produced,
                confirmed.size(), rejected, produced - confirmed.size() - rejected, lost,
                (System.nanoTime() - startNanos) / 1e9));
        assertThat(lost).isZero();
    }
}
