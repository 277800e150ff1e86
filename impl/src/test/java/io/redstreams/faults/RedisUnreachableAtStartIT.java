package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Scenario 7, Redis unreachable at start: by default the application starts anyway, sends fail with a clear error
 * while Redis is away, and the consumers connect (and create their group) when it appears, without losing what is
 * sent from then on; with {@code redstreams.startup.require-redis=true} the deployment fails instead, with a clear
 * message.
 */
class RedisUnreachableAtStartIT {

    static final int MESSAGES = 500;
    static final String STREAM = "late-redis";
    static final Ledger LEDGER = new Ledger();

    @ApplicationScoped
    public static class Patient {
        void on(@StreamConsumer(stream = STREAM, group = "patient", concurrency = 2) StreamMessage<String> m) {
            LEDGER.handled("patient", m.id());
        }
    }

    @ApplicationScoped
    public static class Checked {
        final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "checked", group = "g") String s) {
            seen.add(s);
        }

        java.util.List<String> seen() {
            return seen;
        }
    }

    @Test
    @Timeout(90)
    void theApplicationStartsWithoutRedisAndConsumersConnectWhenItAppears() throws Exception {
        long start = System.nanoTime();
        int port = RedisServer.freePort();
        String url = "redis://127.0.0.1:" + port;
        Map<String, String> config = WeldApp.defaults(url);
        config.put("redstreams.consumer.reconnect-max-backoff-ms", "1000");
        long startupMs;
        String downError;
        int sendFailures = 0;
        // what the consumers report about the outage (OutageLog logs each outage once)
        List<String> outageReports = new CopyOnWriteArrayList<>();
        Logger outageLog = Logger.getLogger("io.redstreams.impl.consumer.OutageLog");
        Handler collector = new Handler() {
            @Override
            public void publish(LogRecord record) {
                outageReports.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        outageLog.addHandler(collector);
        try (WeldApp app = WeldApp.start(config, Patient.class)) {
            startupMs = (System.nanoTime() - start) / 1_000_000;
            StreamProducer producer = app.producer();
            StreamSendException down = catchSend(producer);
            downError = down.getMessage();
            assertThat(downError).contains("Cannot send to stream '" + STREAM + "'")
                    .contains("Cannot connect to Redis at " + url);

            // the consumers have failed to connect and are backing off: they said so, once
            await().atMost(Duration.ofSeconds(10)).until(() -> outageReports.stream()
                    .anyMatch(m -> m.contains(STREAM) && m.contains("retrying every")));
            outageLog.removeHandler(collector);
            AtomicInteger failures = new AtomicInteger();
            try (RedisServer server = RedisServer.start(new RedisServer.Options().port(port))) {
                // "$" is the end of the stream when the group is created (at the consumers' first connect here):
                // nothing sent from then on may be missed
                try (Jedis admin = new Jedis(server.host(), server.port())) {
                    awaitGroup(admin, STREAM, "patient");
                }
                for (int i = 0; i < MESSAGES; i++) {
                    String payload = "late-" + i;
                    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(10)).until(() -> {
                                try {
                                    LEDGER.produced(producer.send(STREAM, payload));
                                    return true;
                                } catch (StreamSendException e) {
                                    failures.incrementAndGet();
                                    return false;
                                }
                            });
                }
                sendFailures = failures.get();
                try (Jedis admin = new Jedis(server.host(), server.port())) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        assertThat(LEDGER.handledCount("patient")).isEqualTo(MESSAGES);
                        assertThat(admin.xpending(STREAM, "patient").getTotal()).isZero();
                    });
                    Ledger.Tally tally = LEDGER.tally(admin, STREAM, "patient");
                    FaultReport.print("redis-unreachable-at-start", List.of(tally), start, "startup-ms=" + startupMs
                            + " send-failures-after-redis-appeared=" + sendFailures + " error-while-down=\""
                            + downError + "\"");
                    assertThat(tally.lost()).isEmpty();
                    assertThat(tally.duplicates()).isZero();
                }
            }
        }
    }

    @ApplicationScoped
    public static class Early {
        final List<String> ids = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "early-ids", group = "g", startFrom = "$") StreamMessage<String> m) {
            ids.add(m.id());
        }

        List<String> ids() {
            return ids;
        }
    }

    /**
     * Case 8 of issue 9: a group is never positioned from the application's clock. With Redis late, the group is
     * created at the first connect with "$" (the end of the stream then), so an entry added afterwards with an
     * explicit small id (or by a Redis whose clock is behind ours) is delivered.
     */
    @Test
    @Timeout(60)
    void whenRedisComesLateAnEntryWithASmallExplicitIdAddedAfterTheGroupExistsIsDelivered() {
        int port = RedisServer.freePort();
        Map<String, String> config = WeldApp.defaults("redis://127.0.0.1:" + port);
        try (WeldApp app = WeldApp.start(config, Early.class);
             RedisServer server = RedisServer.start(new RedisServer.Options().port(port));
             Jedis admin = new Jedis(server.host(), server.port())) {
            awaitGroup(admin, "early-ids", "g");
            admin.xadd("early-ids", new redis.clients.jedis.StreamEntryID(1, 1), Map.of("payload", "first"));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(app.bean(Early.class).ids()).containsExactly("1-1"));
            assertThat(admin.xpending("early-ids", "g").getTotal()).isZero();
        }
    }

    private static void awaitGroup(Jedis admin, String stream, String group) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                return admin.xinfoGroups(stream).stream().anyMatch(g -> g.getName().equals(group));
            } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                return false; // no stream yet
            }
        });
    }

    @Test
    @Timeout(60)
    void withRequireRedisTheDeploymentFailsWithAClearMessage() {
        int port = RedisServer.freePort();
        Map<String, String> config = WeldApp.defaults("redis://127.0.0.1:" + port);
        config.put("redstreams.startup.require-redis", "true");
        long start = System.nanoTime();
        assertThatThrownBy(() -> WeldApp.start(config, Patient.class).close())
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("redstreams.startup.require-redis")
                .hasMessageContaining("Cannot connect to Redis at redis://127.0.0.1:" + port);
        long ms = (System.nanoTime() - start) / 1_000_000;
        FaultReport.emit("FAULT redis-unreachable-require-redis: the deployment failed, as configured, in " + ms
                + " ms: " + message(() -> WeldApp.start(config, Patient.class).close()));
        assertThat(ms).isLessThan(15_000);
    }

    @Test
    @Timeout(60)
    void withRequireRedisTheDeploymentStartsWhenRedisIsThere() {
        try (RedisServer server = RedisServer.start()) {
            Map<String, String> config = WeldApp.defaults(server.url());
            config.put("redstreams.startup.require-redis", "true");
            try (WeldApp app = WeldApp.start(config, Checked.class)) {
                app.producer().send("checked", "x");
                await().atMost(Duration.ofSeconds(10)).until(() -> app.bean(Checked.class).seen().contains("x"));
            }
            try (Jedis admin = new Jedis(server.host(), server.port())) {
                // the start-up check's connection is closed again
                assertThat(admin.clientList()).doesNotContain("name=redstreams-check");
            }
        }
    }

    private static String message(Runnable action) {
        try {
            action.run();
            return "(no failure)";
        } catch (RuntimeException e) {
            return "\"" + e.getMessage() + "\"";
        }
    }

    private static StreamSendException catchSend(StreamProducer producer) {
        try {
            producer.send(STREAM, "too early");
        } catch (StreamSendException e) {
            return e;
        }
        throw new AssertionError("send succeeded without Redis");
    }
}
