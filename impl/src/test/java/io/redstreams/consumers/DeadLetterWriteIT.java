package io.redstreams.consumers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Case 1 of issue 9, the rule: an entry leaves the pending list only after its dead letter is known to be written.
 * A refused dead-letter write (the key has another type) keeps the entry pending, is logged once with the reason,
 * and is tried again with backoff, with the original reason and count and without calling the method again; once the
 * key is fixed the dead letter appears. Dead letters keep every original field name and value byte for byte.
 */
class DeadLetterWriteIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Doomed {
        final AtomicInteger calls = new AtomicInteger();

        void on(@StreamConsumer(stream = "orders", group = "g", maxDeliveries = 2) StreamMessage<String> m) {
            calls.incrementAndGet();
            throw new IllegalStateException("never works: " + m.payload());
        }

        int calls() {
            return calls.get();
        }
    }

    @Test
    void aRefusedDeadLetterKeepsTheEntryPendingAndIsWrittenOnceTheKeyIsFixed() {
        long start = System.nanoTime();
        var jedis = redis.admin();
        jedis.set("orders:dlq", "x");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("io.redstreams.impl.consumer.ConsumerWorker");
        Handler collector = collector(warnings);
        log.addHandler(collector);
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Doomed.class)) {
            String id = app.producer().send("orders", "o-1");
            Doomed doomed = app.bean(Doomed.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings.stream()
                    .anyMatch(w -> w.contains("could not write the dead letter of entry " + id)
                            && w.contains("WRONGTYPE")));
            // the write is retried (backoff 20..200 ms here) while the key stays wrong: still pending, no loss
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(jedis.xpending("orders", "g").getTotal()).isEqualTo(1);
                assertThat(jedis.type("orders:dlq")).isEqualTo("string");
            });
            assertThat(warnings.stream().filter(w -> w.contains("could not write the dead letter"))).hasSize(1);
            assertThat(doomed.calls()).isEqualTo(2);

            jedis.del("orders:dlq");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(jedis.xlen("orders:dlq")).isEqualTo(1);
                assertThat(jedis.xpending("orders", "g").getTotal()).isZero();
            });
            StreamEntry dead = jedis.xrange("orders:dlq", (StreamEntryID) null, (StreamEntryID) null).get(0);
            assertThat(dead.getFields())
                    .containsEntry("error", "java.lang.IllegalStateException: never works: o-1")
                    .containsEntry("deliveries", "2")
                    .containsEntry("source-id", id);
            assertThat(doomed.calls()).isEqualTo(2);
            FaultReport.emit(FaultReport.line("dead-letter-key-wrong-type", 1, 0, 1, 0, 0, 0, start)
                    + " method-calls=" + doomed.calls() + " warnings=" + warnings.size());
        } finally {
            log.removeHandler(collector);
        }
    }

    @Test
    void aDeadLetterRefusedForLackOfMemoryIsWrittenOnceThereIsRoom() {
        var jedis = redis.admin();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("io.redstreams.impl.consumer.ConsumerWorker");
        Handler collector = collector(warnings);
        log.addHandler(collector);
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Doomed.class)) {
            String id = app.producer().send("orders", "o-2");
            jedis.configSet("maxmemory", "1"); // noeviction: XADD is refused, XREADGROUP, XCLAIM and XACK are not
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> warnings.stream()
                        .anyMatch(w -> w.contains("could not write the dead letter of entry " + id) && w.contains("OOM")));
                await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(jedis.xpending("orders", "g").getTotal()).isEqualTo(1);
                    assertThat(jedis.exists("orders:dlq")).isFalse();
                });
            } finally {
                jedis.configSet("maxmemory", "0");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(jedis.xlen("orders:dlq")).isEqualTo(1);
                assertThat(jedis.xpending("orders", "g").getTotal()).isZero();
            });
            StreamEntry dead = jedis.xrange("orders:dlq", (StreamEntryID) null, (StreamEntryID) null).get(0);
            assertThat(dead.getFields())
                    .containsEntry("error", "java.lang.IllegalStateException: never works: o-2")
                    .containsEntry("deliveries", "2");
            assertThat(app.bean(Doomed.class).calls()).isEqualTo(2);
        } finally {
            log.removeHandler(collector);
        }
    }

    @ApplicationScoped
    public static class Binary {
        void on(@StreamConsumer(stream = "raw", group = "g", maxDeliveries = 1) byte[] payload) {
            throw new IllegalArgumentException("refused");
        }
    }

    @Test
    void deadLettersKeepEveryFieldByteForByte() {
        List<byte[]> fields = List.of(
                bytes("payload"), new byte[] {0, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 10},
                new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},          // not UTF-8, name and value
                new byte[] {(byte) 0xfe}, new byte[0],                              // decodes like the one above; empty
                bytes("empty"), new byte[0],
                bytes("dup"), bytes("1"),
                bytes("dup"), bytes("2"),                                           // the same name twice
                bytes("héllo"), bytes("wörld"));
        var jedis = redis.admin();
        List<byte[]> args = new ArrayList<>();
        args.add(bytes("raw"));
        args.add(bytes("*"));
        args.addAll(fields);
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Binary.class)) {
            String id = new String((byte[]) jedis.sendCommand(Protocol.Command.XADD, args.toArray(new byte[0][])),
                    StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(jedis.exists("raw:dlq")).isTrue();
                assertThat(jedis.xpending("raw", "g").getTotal()).isZero();
            });
            List<?> range = (List<?>) jedis.sendCommand(Protocol.Command.XRANGE, bytes("raw:dlq"), bytes("-"),
                    bytes("+"));
            List<?> dead = (List<?>) ((List<?>) range.get(0)).get(1);
            List<byte[]> expected = new ArrayList<>(fields);
            for (String s : List.of("error", "java.lang.IllegalArgumentException: refused", "source-stream", "raw",
                    "source-id", id, "group", "g", "deliveries", "1")) {
                expected.add(bytes(s));
            }
            assertThat(dead).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat((byte[]) dead.get(i)).as("field element " + i).isEqualTo(expected.get(i));
            }
        }
    }

    static Handler collector(List<String> messages) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
