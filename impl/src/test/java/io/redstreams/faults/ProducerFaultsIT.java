package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.redstreams.PartialSendException;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Issue 10, cases 2 to 4: one bad command in a pipeline, a completion callback that sends again,
 * connections that died while idle in the pool.
 */
class ProducerFaultsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    /** Weld SE needs a bean class; these tests only produce. */
    @ApplicationScoped
    public static class NoConsumers {
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
        redis.admin().configSet("maxmemory", "0");
    }

    @Test
    @Timeout(60)
    void aRefusedSendAsyncFailsOnlyItsOwnFuture() {
        redis.admin().set("not-a-stream", "a string");
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), NoConsumers.class)) {
            StreamProducer producer = app.producer();
            List<CompletableFuture<String>> good = new ArrayList<>();
            List<CompletableFuture<String>> bad = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                good.add(producer.sendAsync("healthy", "m-" + i).toCompletableFuture());
                if (i % 100 == 0) {
                    bad.add(producer.sendAsync("not-a-stream", "x-" + i).toCompletableFuture());
                }
            }
            int goodFailed = 0;
            for (CompletableFuture<String> f : good) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    goodFailed++;
                }
            }
            int badFailed = 0;
            for (CompletableFuture<String> f : bad) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    badFailed++;
                    assertThat(e.getCause()).isInstanceOf(StreamSendException.class).hasMessageContaining("WRONGTYPE");
                }
            }
            System.out.println("PIPELINE sendAsync: good=" + good.size() + " good-failed=" + goodFailed + " bad="
                    + bad.size() + " bad-failed=" + badFailed + " xlen=" + redis.admin().xlen("healthy"));
            assertThat(goodFailed).isZero();
            assertThat(badFailed).isEqualTo(bad.size());
            assertThat(redis.admin().xlen("healthy")).isEqualTo(good.size());
        }
    }

    @Test
    @Timeout(60)
    void sendAllReportsEachEntryAcrossBatches() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.producer.batch-size", "50");
        try (WeldApp app = WeldApp.start(config, NoConsumers.class)) {
            StreamProducer producer = app.producer();
            producer.send("filling", "warm-up"); // the pool's connection exists before the limit is set
            // Redis refuses writes (OOM) once its memory passes the limit: the first entries are added, the later
            // ones refused, in the middle of some batch
            long used = Long.parseLong(infoField(redis.admin().info("memory"), "used_memory"));
            redis.admin().configSet("maxmemory-policy", "noeviction");
            redis.admin().configSet("maxmemory", Long.toString(used + 300_000));
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                payloads.add(i + ":" + "x".repeat(1000));
            }
            PartialSendException partial = null;
            try {
                producer.sendAll("filling", payloads);
            } catch (PartialSendException e) {
                partial = e;
            } finally {
                redis.admin().configSet("maxmemory", "0");
            }
            assertThat(partial).as("some entries refused").isNotNull();
            List<StreamEntry> inStream = Ledger.entries(redis.admin(), "filling");
            Set<String> idsInStream = new HashSet<>();
            inStream.forEach(e -> idsInStream.add(e.getID().toString()));
            Set<String> reported = new HashSet<>();
            for (int i = 0; i < payloads.size(); i++) {
                String id = partial.ids().get(i);
                if (id != null) {
                    reported.add(id);
                    assertThat(partial.refused()).doesNotContainKey(i);
                } else {
                    assertThat(partial.refused()).containsKey(i);
                }
            }
            System.out.println("PIPELINE sendAll: entries=" + payloads.size() + " added=" + partial.addedCount()
                    + " refused=" + partial.refused().size() + " uncertain=" + partial.uncertain().size()
                    + " not-sent=" + partial.notSent().size() + " in-stream=" + (inStream.size() - 1));
            idsInStream.removeIf(id -> !reported.contains(id)); // the warm-up entry
            assertThat(reported).isEqualTo(idsInStream);
            assertThat(partial.addedCount()).isGreaterThan(50).isLessThan(payloads.size());
            assertThat(partial.refused().values()).allSatisfy(r -> assertThat(r).contains("OOM"));
            assertThat(partial.uncertain()).isEmpty();
            assertThat(partial.notSent()).isEmpty();
        }
    }

    @Test
    @Timeout(60)
    void aCallbackThatSendsAgainDoesNotDeadlockAFullBuffer() throws Exception {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.producer.async-max-pending", "4");
        try (WeldApp app = WeldApp.start(config, NoConsumers.class)) {
            StreamProducer producer = app.producer();
            int first = 20;
            CountDownLatch all = new CountDownLatch(first * 3);
            Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
            AtomicInteger failures = new AtomicInteger();
            for (int i = 0; i < first; i++) {
                int n = i;
                producer.sendAsync("callbacks", "first-" + n).whenComplete((id, error) -> {
                    callbackThreads.add(Thread.currentThread().getName());
                    if (error != null) {
                        failures.incrementAndGet();
                    }
                    all.countDown();
                    for (int k = 0; k < 2; k++) {
                        producer.sendAsync("callbacks", "second-" + n + "-" + k).whenComplete((id2, e2) -> {
                            if (e2 != null) {
                                failures.incrementAndGet();
                            }
                            all.countDown();
                        });
                    }
                });
            }
            boolean done = all.await(20, TimeUnit.SECONDS);
            System.out.println("CALLBACKS done=" + done + " remaining=" + all.getCount() + " failures=" + failures.get()
                    + " threads=" + callbackThreads);
            assertThat(done).as("no deadlock: every send and callback completed").isTrue();
            assertThat(failures.get()).isZero();
            assertThat(redis.admin().xlen("callbacks")).isEqualTo(first * 3L);
            // never on the sender's flushing thread; a stage already complete when the caller attaches its
            // callback runs it on the caller's own thread (CompletableFuture), which is the caller's to block
            String caller = Thread.currentThread().getName();
            assertThat(callbackThreads).contains("redstreams-async-completer")
                    .allMatch(t -> t.equals("redstreams-async-completer") || t.equals(caller), "completer or caller");
        }
    }

    @Test
    @Timeout(60)
    void connectionsKilledWhileIdleAreNotHandedOut() throws Exception {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.redis.validate-idle-ms", "500");
        config.put("redstreams.producer.pool-size", "4");
        try (WeldApp app = WeldApp.start(config, NoConsumers.class)) {
            StreamProducer producer = app.producer();
            // open several producer connections at once
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        producer.send("idle", "warm");
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            producer.sendAsync("idle", "warm-async").toCompletableFuture().join();
            // all producer connections idle longer than validate-idle-ms (CLIENT LIST counts whole seconds of the
            // clock, so 2 means more than 1 s), then killed
            await().atMost(Duration.ofSeconds(10)).until(() -> idleProducerIds().size() == producerIds().size());
            List<Long> killed = producerIds();
            for (long id : killed) {
                redis.admin().clientKill(ClientKillParams.clientKillParams().id(Long.toString(id)));
            }
            assertThat(producerIds()).isEmpty();
            int errors = 0;
            for (int i = 0; i < 50; i++) {
                try {
                    producer.send("idle", "after-" + i);
                } catch (StreamSendException e) {
                    errors++;
                }
            }
            try {
                producer.sendAll("idle", List.of("a", "b", "c"));
            } catch (StreamSendException e) {
                errors++;
            }
            try {
                producer.sendAsync("idle", "after-async").toCompletableFuture().join();
            } catch (CompletionException e) {
                errors++;
            }
            System.out.println("IDLE-KILLED killed=" + killed.size() + " send-errors=" + errors);
            assertThat(killed).isNotEmpty();
            assertThat(errors).isZero();
        }
    }

    private static List<Long> producerIds() {
        List<Long> ids = new ArrayList<>();
        for (String line : redis.admin().clientList().split("\n")) {
            if (line.contains("name=redstreams-producer")) {
                ids.add(Long.parseLong(field(line, "id")));
            }
        }
        return ids;
    }

    private static List<Long> idleProducerIds() {
        List<Long> ids = new ArrayList<>();
        for (String line : redis.admin().clientList().split("\n")) {
            if (line.contains("name=redstreams-producer") && Long.parseLong(field(line, "idle")) >= 2) {
                ids.add(Long.parseLong(field(line, "id")));
            }
        }
        return ids;
    }

    private static String field(String clientLine, String name) {
        for (String part : clientLine.trim().split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException(name + " missing in " + clientLine);
    }

    static String infoField(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalStateException(name + " missing");
    }
}
