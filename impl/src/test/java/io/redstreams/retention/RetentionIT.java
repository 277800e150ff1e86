package io.redstreams.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * Issue 13, part 5: retention. Per-stream {@code max-len} / {@code max-age} applied on send (the age by the time of
 * Redis), the dead-letter streams' own bound, and the periodic trim: off by default, on when configured, never past
 * an entry a group holds pending unless {@code allow-trim-pending}.
 */
class RetentionIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @Test
    void maxLenTrimsOnSendPerStreamOverTheGlobalDefault() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.producer.max-len", "300");
        config.put("redstreams.streams.orders.max-len", "100");
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            for (int i = 0; i < 1000; i++) {
                app.producer().send("orders", "o-" + i);
            }
            app.producer().sendAll("other", IntStream.range(0, 1000).mapToObj(i -> "x-" + i).toList());
            long orders = redis.admin().xlen("orders");
            long other = redis.admin().xlen("other");
            System.out.println("retention: sent 1000 each; XLEN orders (max-len 100) = " + orders
                    + ", other (global 300) = " + other);
            assertThat(orders).isBetween(100L, 200L); // MAXLEN ~: whole nodes of up to 100 entries
            assertThat(other).isBetween(300L, 400L);
        }
    }

    @Test
    void maxAgeTrimsOldEntriesByTheTimeOfRedis() {
        Jedis jedis = redis.admin();
        for (int i = 1; i <= 1000; i++) { // entries from 1970: far older than an hour by any clock
            jedis.xadd("orders", XAddParams.xAddParams().id(new StreamEntryID(i, 0)), Map.of("f", "old"));
        }
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.streams.orders.max-age", "PT1H");
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            app.producer().send("orders", "new-1"); // learns the time of Redis from its id
            app.producer().send("orders", "new-2"); // MINID ~ <that time - 1 h>-0
            long old = jedis.xrange("orders", "-", "1000-0").size();
            System.out.println("retention: 1000 old entries, after two sends with max-age PT1H: " + old + " old left,"
                    + " XLEN " + jedis.xlen("orders"));
            assertThat(old).as("old entries left (MINID ~ keeps at most the node the new ones share)")
                    .isLessThan(100);
            assertThat(jedis.xrange("orders", "1001-0", "+")).hasSize(2);
        }
    }

    @Test
    void theAgeIsAnIsoDurationOrMilliseconds() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.streams.orders.max-age", "3600000");
        Jedis jedis = redis.admin();
        for (int i = 1; i <= 300; i++) {
            jedis.xadd("orders", XAddParams.xAddParams().id(new StreamEntryID(i, 0)), Map.of("f", "old"));
        }
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            app.producer().send("orders", "new-1");
            app.producer().send("orders", "new-2");
            assertThat(jedis.xrange("orders", "-", "300-0").size()).isLessThan(100);
        }
    }

    /** An application with no consumer (Weld SE needs a bean class). */
    @ApplicationScoped
    public static class Idle {
    }

    @ApplicationScoped
    public static class Doomed {
        void on(@StreamConsumer(stream = "orders", group = "g", maxDeliveries = 1) StreamMessage<String> m) {
            throw new IllegalStateException("never works");
        }
    }

    @Test
    void deadLetterStreamsAreBoundedByDefaultAndConfigurably() {
        assertThat(new ConsumerSpec().deadLetterMaxLen()).isEqualTo(100_000L);
        assertThat(ConfigKeys.DEAD_LETTER_MAX_LEN.defaultValue()).isEqualTo(100_000L);
        Jedis jedis = redis.admin();
        for (int i = 1; i <= 500; i++) {
            jedis.xadd("orders:dlq", XAddParams.xAddParams().id(new StreamEntryID(i, 0)), Map.of("f", "old"));
        }
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.dead-letter.max-len", "50");
        try (WeldApp app = WeldApp.start(config, Doomed.class)) {
            app.producer().send("orders", "o-1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !jedis.xrange("orders:dlq", "1000-0", "+").isEmpty());
            long len = jedis.xlen("orders:dlq");
            System.out.println("retention: dead-letter stream of 500 + 1 with dead-letter.max-len 50: XLEN " + len);
            assertThat(len).isBetween(50L, 150L);
        }
    }

    @Test
    void thePeriodicTrimIsOffByDefault() {
        fill("legacy", 500);
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.streams.legacy.max-len", "100");
        config.put("redstreams.retention.trim-interval-ms", "100");
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            app.producer().send("kick", "x"); // the engine runs
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> redis.admin().xlen("legacy") == 500);
        }
    }

    @Test
    void thePeriodicTrimTrimsConfiguredStreams() {
        fill("legacy", 500);
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.streams.legacy.max-len", "100");
        config.put("redstreams.retention.trim-streams", "legacy");
        config.put("redstreams.retention.trim-interval-ms", "100");
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.admin().xlen("legacy") <= 200);
            assertThat(redis.admin().clientList()).contains("redstreams-retention");
        }
    }

    @Test
    void thePeriodicTrimNeverRemovesPendingEntriesAndSaysSo() {
        fill("legacy", 300);
        Jedis jedis = redis.admin();
        pendOldest(jedis, "legacy");
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.streams.legacy.max-len", "10");
        config.put("redstreams.streams.legacy.max-age", "PT1M");
        config.put("redstreams.retention.trim-streams", "legacy");
        config.put("redstreams.retention.trim-interval-ms", "100");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("io.redstreams.impl.retention.PeriodicTrimmer");
        Handler collector = collector(warnings);
        log.addHandler(collector);
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings.stream()
                    .anyMatch(w -> w.contains("'legacy'") && w.contains("lowest pending id 1-0")
                            && w.contains("allow-trim-pending")));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> jedis.xlen("legacy") == 300);
            assertThat(jedis.xrange("legacy", "1-0", "1-0")).hasSize(1);
            System.out.println("retention: pending oldest entry kept, XLEN " + jedis.xlen("legacy") + ", warnings "
                    + warnings.size());
            assertThat(warnings).hasSize(1); // at most once an hour per stream
        } finally {
            log.removeHandler(collector);
        }
    }

    @Test
    void thePeriodicTrimStopsJustBeforeAPendingEntryInTheMiddle() {
        fill("legacy", 300);
        Jedis jedis = redis.admin();
        jedis.sendCommand(Protocol.Command.XGROUP, "CREATE", "legacy", "g", "249-0");
        jedis.sendCommand(Protocol.Command.XREADGROUP, "GROUP", "g", "c", "COUNT", "1", "STREAMS", "legacy", ">");
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.streams.legacy.max-len", "10");
        config.put("redstreams.retention.trim-streams", "legacy");
        config.put("redstreams.retention.trim-interval-ms", "100");
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> jedis.xlen("legacy") < 300);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> jedis.xrange("legacy", "250-0", "250-0").size() == 1);
            System.out.println("retention: pending 250-0 of 300 with max-len 10: XLEN " + jedis.xlen("legacy"));
            assertThat(jedis.xrange("legacy", "250-0", "+")).hasSize(51);
        }
    }

    @Test
    void allowTrimPendingTrimsThemToo() {
        fill("legacy", 300);
        Jedis jedis = redis.admin();
        pendOldest(jedis, "legacy");
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.streams.legacy.max-len", "10");
        config.put("redstreams.streams.legacy.allow-trim-pending", "true");
        config.put("redstreams.retention.trim-streams", "legacy");
        config.put("redstreams.retention.trim-interval-ms", "100");
        try (WeldApp app = WeldApp.start(config, Idle.class)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> jedis.xlen("legacy") <= 110);
            assertThat(jedis.xrange("legacy", "1-0", "1-0")).isEmpty();
            assertThat(jedis.xpending("legacy", "g").getTotal()).isEqualTo(1); // still pending, entry gone
        }
    }

    private static void fill(String stream, int n) {
        Jedis jedis = redis.admin();
        for (int i = 1; i <= n; i++) {
            jedis.xadd(stream, XAddParams.xAddParams().id(new StreamEntryID(i, 0)), Map.of("f", "v" + i));
        }
    }

    /** A group {@code g} whose consumer {@code c} holds the oldest entry pending. */
    private static void pendOldest(Jedis jedis, String stream) {
        jedis.sendCommand(Protocol.Command.XGROUP, "CREATE", stream, "g", "0");
        jedis.sendCommand(Protocol.Command.XREADGROUP, "GROUP", "g", "c", "COUNT", "1", "STREAMS", stream, ">");
        assertThat(jedis.xpending(stream, "g").getTotal()).isEqualTo(1);
    }

    private static Handler collector(List<String> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    into.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
