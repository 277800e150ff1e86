package io.redstreams.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.smallrye.health.AsyncHealthCheckFactory;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * The group pulled out from under a running consumer ({@code XGROUP DESTROY}), and the stream replaced by a key of
 * another type: what readiness and liveness say, and whether the consumer recovers by itself.
 */
class HealthGroupAttackIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    private static final String KEY = "hg-orders/audit/c1";

    @BeforeEach
    void clean() {
        redis.flushAll();
        Audit.HANDLED.clear();
    }

    @ApplicationScoped
    public static class Audit {
        static final List<String> HANDLED = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "hg-orders", group = "audit", consumer = "c1") String order) {
            HANDLED.add(order);
        }
    }

    @Test
    void aGroupDestroyedUnderARunningConsumerIsCreatedAgainAndReadinessStaysTrue() {
        try (WeldApp app = start()) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.getReadiness().isDown());
            for (int i = 0; i < 5; i++) {
                app.producer().send("hg-orders", "before-" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Audit.HANDLED.size() == 5);

            redis.admin().xgroupDestroy("hg-orders", "audit");
            await().atMost(Duration.ofSeconds(15)).until(() -> redis.admin().xinfoGroups("hg-orders").stream()
                    .anyMatch(g -> g.getName().equals("audit")));
            app.producer().send("hg-orders", "after");
            await().atMost(Duration.ofSeconds(15)).until(() -> Audit.HANDLED.contains("after"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.getReadiness().isDown());
            assertThat(data(health.getReadiness())).isEqualTo("READING");
            assertThat(check(health.getLiveness()).getString("status")).isEqualTo("UP");
            int distinct = new HashSet<>(Audit.HANDLED).size();
            System.out.println("group destroyed under a running consumer: handled " + Audit.HANDLED.size()
                    + ", distinct " + distinct + ", lost " + (6 - distinct) + ", handled twice "
                    + (Audit.HANDLED.size() - distinct) + " (group re-created from 0: at least once)");
            assertThat(distinct).isEqualTo(6);
        }
    }

    @Test
    void aStreamReplacedByAStringTakesReadinessDownWithTheReasonAndTheConsumerRecovers() {
        try (WeldApp app = start()) {
            SmallRyeHealthReporter health = app.bean(SmallRyeHealthReporter.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.getReadiness().isDown());
            app.producer().send("hg-orders", "first");
            await().atMost(Duration.ofSeconds(10)).until(() -> Audit.HANDLED.contains("first"));

            redis.admin().del("hg-orders");
            redis.admin().set("hg-orders", "not a stream");
            await().atMost(Duration.ofSeconds(15)).until(() -> health.getReadiness().isDown());
            String down = data(health.getReadiness());
            String live = check(health.getLiveness()).getString("status");
            System.out.println("stream replaced by a string: readiness " + down + "; liveness " + live);
            assertThat(down).startsWith("RECONNECTING: ").contains("WRONGTYPE");
            assertThat(live).isEqualTo("UP");

            redis.admin().del("hg-orders");
            await().atMost(Duration.ofSeconds(15)).until(() -> !health.getReadiness().isDown());
            app.producer().send("hg-orders", "second");
            await().atMost(Duration.ofSeconds(15)).until(() -> Audit.HANDLED.contains("second"));
            assertThat(data(health.getReadiness())).isEqualTo("READING");
            System.out.println("recovered after the string key was removed: handled " + Audit.HANDLED);
        }
    }

    private static WeldApp start() {
        return WeldApp.start(WeldApp.defaults(redis), Audit.class, SmallRyeHealthReporter.class,
                AsyncHealthCheckFactory.class);
    }

    private static String data(SmallRyeHealth health) {
        return check(health).getJsonObject("data").getString(KEY);
    }

    private static JsonObject check(SmallRyeHealth health) {
        return health.getPayload().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("redstreams")).findFirst()
                .orElseThrow(() -> new AssertionError("no redstreams check in " + health.getPayload()));
    }
}
