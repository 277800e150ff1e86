package io.redstreams.mphealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.testsupport.RedStreamsApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import io.smallrye.health.AsyncHealthCheckFactory;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * The checks of {@code redstreams-mp-health} as beans of the application, through SmallRye Health's reporter, against a
 * real redis-server that is stopped and started again: exactly one {@code redstreams} check of each kind (redstreams
 * adds no synthetic check of a kind whose class is deployed), DOWN while Redis is stopped, UP after.
 */
class MicroProfileHealthIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options());

    private static final String KEY = "mph-orders/audit/c1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeEach
    void clean() {
        if (!redis.server().isRunning()) {
            redis.server().restart();
        }
        redis.flushAll();
        Audit.seen.clear();
    }

    @ApplicationScoped
    public static class Audit {
        static final Set<String> seen = ConcurrentHashMap.newKeySet();

        void on(@StreamConsumer(stream = "mph-orders", group = "audit", consumer = "c1") String order) {
            seen.add(order);
        }
    }

    @Test
    void oneCheckOfEachKindDownWhileRedisIsStoppedUpAfter() {
        try (RedStreamsApp app = start(Audit.class, RedStreamsStartupCheck.class, RedStreamsReadinessCheck.class,
                RedStreamsLivenessCheck.class)) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            await().atMost(WAIT).until(() -> !health.getReadiness().isDown());
            assertThat(check(health.getStartup()).getString("status")).isEqualTo("UP");
            JsonObject ready = check(health.getReadiness());
            assertThat(ready.getJsonObject("data").getString(KEY)).isEqualTo("READING");
            assertThat(ready.getJsonObject("data").getString("producer-pool")).startsWith("active=");
            assertThat(check(health.getLiveness()).getJsonObject("data").getString(KEY)).isEqualTo("live");
            app.producer().send("mph-orders", "before");

            redis.server().stop();
            try {
                await().atMost(WAIT).until(() -> health.getReadiness().isDown());
                JsonObject down = check(health.getReadiness());
                System.out.println("MicroProfileHealthIT: readiness while Redis is stopped: " + down);
                assertThat(down.getString("status")).isEqualTo("DOWN");
                assertThat(down.getJsonObject("data").getString(KEY)).startsWith("RECONNECTING: ");
                JsonObject live = check(health.getLiveness());
                assertThat(live.getString("status")).as("a consumer waiting to reconnect is live").isEqualTo("UP");
                assertThat(check(health.getStartup()).getString("status")).isEqualTo("UP");
            } finally {
                redis.server().restart();
            }
            await().atMost(WAIT).until(() -> !health.getReadiness().isDown());
            assertThat(check(health.getReadiness()).getJsonObject("data").getString(KEY)).isEqualTo("READING");
            // a send on a pooled connection the restart broke fails (sends are not retried): the caller retries
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                app.producer().send("mph-orders", "after");
                return true;
            });
            await().atMost(WAIT).until(() -> Audit.seen.contains("after"));
            // /health: the three kinds together, one redstreams check each
            assertThat(health.getHealth().isDown()).isFalse();
            assertThat(health.getHealth().getPayload().getJsonArray("checks").stream().map(JsonObject.class::cast)
                    .filter(c -> c.getString("name").equals("redstreams")).map(c -> c.getString("status")))
                    .containsExactly("UP", "UP", "UP");
        }
    }

    @Test
    void aKindWhoseClassIsNotDeployedKeepsTheSyntheticCheckStillOneEach() {
        try (RedStreamsApp app = start(Audit.class, RedStreamsReadinessCheck.class)) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            await().atMost(WAIT).until(() -> !health.getReadiness().isDown());
            assertThat(check(health.getStartup()).getString("status")).isEqualTo("UP");
            assertThat(check(health.getReadiness()).getJsonObject("data").getString(KEY)).isEqualTo("READING");
            assertThat(check(health.getLiveness()).getString("status")).isEqualTo("UP");
        }
    }

    private static RedStreamsApp start(Class<?>... beans) {
        List<Class<?>> all = new ArrayList<>(List.of(beans));
        all.add(SmallRyeHealthReporter.class);
        all.add(AsyncHealthCheckFactory.class);
        return RedStreamsApp.configure(redis).beans(all.toArray(new Class<?>[0])).start();
    }

    /** The only check named redstreams in a SmallRye Health payload (fails when there are none or several). */
    private static JsonObject check(SmallRyeHealth health) {
        List<JsonObject> found = health.getPayload().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("redstreams")).collect(Collectors.toList());
        assertThat(found).as("redstreams checks in %s", health.getPayload()).hasSize(1);
        return found.get(0);
    }
}
