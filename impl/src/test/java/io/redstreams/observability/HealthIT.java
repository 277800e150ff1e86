package io.redstreams.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import io.smallrye.health.AsyncHealthCheckFactory;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * The MicroProfile Health checks named {@code redstreams}, through SmallRye Health's reporter, against a real
 * redis-server that is stopped and started again.
 */
class HealthIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options());

    private static final String KEY = "h-orders/audit/c1";

    @BeforeEach
    void clean() {
        if (!redis.server().isRunning()) {
            redis.server().restart();
        }
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Audit {
        static volatile CountDownLatch hold = new CountDownLatch(0);

        void on(@StreamConsumer(stream = "h-orders", group = "audit", consumer = "c1") String order) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // Ignores interrupts on purpose: a method stuck past its processing timeout.
            while (hold.getCount() > 0 && System.nanoTime() < until) {
                try {
                    hold.await(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ignored) {
                    // keep running
                }
            }
        }
    }

    @Test
    void readinessGoesDownWhileRedisIsStoppedAndUpWhenItReturnsLivenessStaysUp() {
        try (WeldApp app = start(WeldApp.defaults(redis))) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.getReadiness().isDown());
            assertThat(redstreams(health.getStartup())).containsEntry("status", "UP");
            JsonObject ready = check(health.getReadiness());
            assertThat(ready.getJsonObject("data").getString(KEY)).isEqualTo("READING");
            assertThat(ready.getJsonObject("data").getString("producer-pool")).startsWith("active=");
            assertThat(check(health.getLiveness()).getString("status")).isEqualTo("UP");

            redis.server().stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> health.getReadiness().isDown());
            JsonObject down = check(health.getReadiness());
            System.out.println("readiness while Redis is stopped: " + down);
            assertThat(down.getString("status")).isEqualTo("DOWN");
            assertThat(down.getJsonObject("data").getString(KEY)).startsWith("RECONNECTING: ");
            JsonObject live = check(health.getLiveness());
            assertThat(live.getString("status")).as("a consumer waiting to reconnect is live").isEqualTo("UP");
            assertThat(live.getJsonObject("data").getString(KEY)).isEqualTo("live");

            redis.server().restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> !health.getReadiness().isDown());
            assertThat(check(health.getReadiness()).getJsonObject("data").getString(KEY)).isEqualTo("READING");
            assertThat(health.getHealth().isDown()).isFalse();
        }
    }

    @Test
    void livenessGoesDownWhileAMethodRunsPastItsProcessingTimeout() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.processing-timeout-ms", "300");
        Audit.hold = new CountDownLatch(1);
        try (WeldApp app = start(config)) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.getReadiness().isDown());
            app.producer().send("h-orders", "stuck");
            await().atMost(Duration.ofSeconds(10)).until(() -> health.getLiveness().isDown());
            JsonObject down = check(health.getLiveness());
            System.out.println("liveness with a stuck method: " + down);
            assertThat(down.getJsonObject("data").getString(KEY)).contains("processing timeout of 300 ms");

            Audit.hold.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.getLiveness().isDown());
        } finally {
            Audit.hold.countDown();
        }
    }

    @Test
    void readinessCanBeLeftOut() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.health.readiness-enabled", "false");
        try (WeldApp app = start(config)) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            redis.server().stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> app.extension().consumers() != null);
            JsonObject ready = check(health.getReadiness());
            assertThat(ready.getString("status")).isEqualTo("UP");
            assertThat(ready.getJsonObject("data").getString("readiness")).contains("not checked");
        } finally {
            redis.server().restart();
        }
    }

    @Test
    void startupIsUpWithConsumersDisabled() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.enabled", "false");
        try (WeldApp app = start(config)) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            JsonObject startup = check(health.getStartup());
            assertThat(startup.getString("status")).isEqualTo("UP");
            assertThat(startup.getJsonObject("data").getString("phase")).isEqualTo("disabled");
        }
    }

    private static WeldApp start(Map<String, String> config) {
        return WeldApp.start(config, Audit.class, SmallRyeHealthReporter.class, AsyncHealthCheckFactory.class);
    }

    private static Map<String, Object> redstreams(SmallRyeHealth health) {
        return Map.of("status", check(health).getString("status"));
    }

    /** The check named redstreams in a SmallRye Health payload. */
    private static JsonObject check(SmallRyeHealth health) {
        return health.getPayload().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("redstreams")).findFirst()
                .orElseThrow(() -> new AssertionError("no redstreams check in " + health.getPayload()));
    }
}
