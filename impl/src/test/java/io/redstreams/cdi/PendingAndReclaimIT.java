package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * A restarted consumer first finishes its own pending entries; entries left pending by a consumer
 * that died are claimed by a live one after reclaim-min-idle-ms, even if some were deleted.
 */
class PendingAndReclaimIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Named {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "jobs", group = "workers", consumer = "node-1") StreamMessage<String> m) {
            seen.add(m.payload() + "#" + m.deliveryCount());
        }

        List<String> seen() {
            return seen;
        }
    }

    @Test
    void ownPendingEntriesAreProcessedFirstOnStart() {
        var jedis = redis.admin();
        jedis.xgroupCreate("jobs", "workers", StreamEntryID.XGROUP_LAST_ENTRY, true);
        for (int i = 1; i <= 3; i++) {
            jedis.xadd("jobs", StreamEntryID.NEW_ENTRY, Map.of("payload", "old-" + i));
        }
        // node-1 got them in an earlier life and crashed before acknowledging.
        jedis.xreadGroup("workers", "node-1", XReadGroupParams.xReadGroupParams().count(10),
                Map.of("jobs", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        for (int i = 1; i <= 2; i++) {
            jedis.xadd("jobs", StreamEntryID.NEW_ENTRY, Map.of("payload", "new-" + i));
        }

        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Named.class)) {
            Named named = app.bean(Named.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(named.seen()).containsExactly("old-1#2", "old-2#2", "old-3#2", "new-1#1", "new-2#1"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(jedis.xpending("jobs", "workers").getTotal()).isZero());
        }
    }

    @ApplicationScoped
    public static class Survivor {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "tasks", group = "crew") String task) {
            seen.add(task);
        }

        List<String> seen() {
            return seen;
        }
    }

    @Test
    void entriesOfADeadConsumerAreClaimedIncludingDeletedOnes() {
        var jedis = redis.admin();
        jedis.xgroupCreate("tasks", "crew", StreamEntryID.XGROUP_LAST_ENTRY, true);
        StreamEntryID deleted = null;
        for (int i = 1; i <= 5; i++) {
            StreamEntryID id = jedis.xadd("tasks", StreamEntryID.NEW_ENTRY, Map.of("payload", "t" + i));
            if (i == 3) {
                deleted = id;
            }
        }
        jedis.xreadGroup("crew", "dead-node", XReadGroupParams.xReadGroupParams().count(10),
                Map.of("tasks", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        jedis.xdel("tasks", deleted); // trimmed or deleted while pending

        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.reclaim-min-idle-ms", "300");
        config.put("redstreams.consumer.reclaim-interval-ms", "100");
        try (WeldApp app = WeldApp.start(config, Survivor.class)) {
            Survivor survivor = app.bean(Survivor.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(survivor.seen()).containsExactlyInAnyOrder("t1", "t2", "t4", "t5"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(jedis.xpending("tasks", "crew").getTotal()).isZero();
                assertThat(jedis.xpending("tasks", "crew", XPendingParams.xPendingParams().count(10)
                        .consumer("dead-node"))).isEmpty();
            });
        }
    }
}
