package io.redstreams.consumers;

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
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.ChildJvm;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamConsumerInfo;

/**
 * Consumer identity (issue 9): the default consumer name is stable across restarts (the host name, no process id),
 * a second live instance with the same derived name falls back to {@code <name>-<pid>}, and consumers idle longer
 * than {@code cleanup-idle-ms} with no pending entries are deleted from the group, never one holding entries and
 * never our own.
 */
class ConsumerIdentityIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @ApplicationScoped
    public static class Named {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "ids", group = "g") String s) {
            seen.add(s);
        }

        List<String> seen() {
            return seen;
        }
    }

    @Test
    void theDefaultNameIsStableAcrossRestartsAndSharedWithinOneJvm() {
        String pid = Long.toString(ProcessHandle.current().pid());
        String first;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Named.class)) {
            first = app.consumers().defaultConsumerName();
            app.producer().send("ids", "one");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean(Named.class).seen().contains("one"));
        }
        assertThat(first).isNotBlank().doesNotEndWith("-" + pid);
        String again;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Named.class)) {
            again = app.consumers().defaultConsumerName();
            assertThat(again).isEqualTo(first);
            // a second consumer set of this JVM (like a second message-driven bean in one server) shares the name
            try (WeldApp twin = WeldApp.start(WeldApp.defaults(redis), Named.class)) {
                assertThat(twin.consumers().defaultConsumerName()).isEqualTo(first);
            }
        }
    }

    @Test
    void onKubernetesThePodNameIsTheNameAndASecondLiveInstanceWithItFallsBackToItsPid() {
        try (ChildJvm pod = ChildJvm.of(NamedConsumerMain.class).env("HOSTNAME", "pod-7").args(redis.url()).start()) {
            assertThat(pod.await(l -> l.startsWith("NAME "), Duration.ofSeconds(60))).isEqualTo("NAME pod-7");
            try (ChildJvm clash = ChildJvm.of(NamedConsumerMain.class).env("HOSTNAME", "pod-7").args(redis.url())
                    .start()) {
                String name = "pod-7-" + clash.pid();
                assertThat(clash.await(l -> l.startsWith("NAME "), Duration.ofSeconds(60))).isEqualTo("NAME " + name);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(redis.clientNames())
                        .contains("redstreams-lease@pod-7", "redstreams-lease@" + name));
            }
        }
    }

    @Test
    void anExplicitNameIsUsedAsIs() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.name", "orders-0");
        try (WeldApp app = WeldApp.start(config, Named.class)) {
            app.producer().send("ids", "x");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean(Named.class).seen().contains("x"));
            assertThat(redis.admin().xinfoConsumers("ids", "g")).extracting(StreamConsumerInfo::getName)
                    .containsExactly("orders-0");
        }
    }

    @ApplicationScoped
    public static class Cleaner {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "crowd", group = "g", consumer = "me") String s) {
            seen.add(s);
        }

        List<String> seen() {
            return seen;
        }
    }

    @Test
    void idleConsumersWithoutPendingEntriesAreDeletedNeverOnesHoldingEntriesNorOurOwn() {
        var jedis = redis.admin();
        jedis.xgroupCreate("crowd", "g", new StreamEntryID(0, 0), true);
        jedis.xadd("crowd", StreamEntryID.NEW_ENTRY, Map.of("payload", "held"));
        jedis.xreadGroup("g", "holding", XReadGroupParams.xReadGroupParams().count(1),
                Map.of("crowd", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        jedis.xgroupCreateConsumer("crowd", "g", "gone-pod-1");
        jedis.xgroupCreateConsumer("crowd", "g", "gone-pod-2");
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.cleanup-idle-ms", "1000");
        try (WeldApp app = WeldApp.start(config, Cleaner.class)) {
            app.producer().send("crowd", "mine");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean(Cleaner.class).seen().contains("mine"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    jedis.xinfoConsumers("crowd", "g")).extracting(StreamConsumerInfo::getName)
                    .containsExactlyInAnyOrder("holding", "me"));
            // and they stay: "me" is idle with nothing pending too, but it is ours; "holding" holds an entry
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    jedis.xinfoConsumers("crowd", "g")).extracting(StreamConsumerInfo::getName)
                    .containsExactlyInAnyOrder("holding", "me"));
            assertThat(jedis.xpending("crowd", "g").getTotal()).isEqualTo(1);
        }
    }
}
