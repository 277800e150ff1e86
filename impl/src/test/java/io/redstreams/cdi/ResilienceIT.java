package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Consumers resume by themselves after the stream is deleted, after their connections are killed
 * and after Redis restarts, without a redeploy.
 */
class ResilienceIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Sink {
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        void on(@StreamConsumer(stream = "events", group = "sink") String event) {
            seen.add(event);
        }

        Set<String> seen() {
            return seen;
        }
    }

    @Test
    void aDeletedStreamAndGroupAreCreatedAgain() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Sink.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            Sink sink = app.bean(Sink.class);
            producer.send("events", "before");
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.seen().contains("before"));

            redis.admin().del("events");
            producer.send("events", "after-1");
            producer.send("events", "after-2");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(sink.seen()).contains("after-1", "after-2"));
        }
    }

    @Test
    void killedConnectionsAreReopened() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Sink.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            Sink sink = app.bean(Sink.class);
            producer.send("events", "one");
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.seen().contains("one"));

            long killed = redis.admin().clientKill(ClientKillParams.clientKillParams()
                    .type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
            assertThat(killed).isPositive();

            // The producer's pooled connection was killed too: the first send may fail, then it reconnects.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> producer.send("events", "two") != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.seen().contains("two"));
        }
    }

    @Test
    void consumersResumeAfterRedisRestarts() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Sink.class)) {
            StreamProducer producer = app.bean(StreamProducer.class);
            Sink sink = app.bean(Sink.class);
            producer.send("events", "up");
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.seen().contains("up"));

            redis.server().stop();
            redis.server().restart(); // no persistence: the stream and group are gone

            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .until(() -> producer.send("events", "back") != null);
            await().atMost(Duration.ofSeconds(15)).until(() -> sink.seen().contains("back"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("events", "sink").getTotal()).isZero());
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(redis.countClients("redstreams")).isZero());
    }

    static Map<String, String> config() {
        return WeldApp.defaults(redis);
    }
}
