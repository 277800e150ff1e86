package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Scenario 2, consumer process killed: a consumer in a separate JVM is killed with SIGKILL while it holds pending
 * entries; a consumer in this JVM, same group, claims and processes them once they have been idle for
 * {@code reclaim-min-idle-ms}, and reads the rest as new entries.
 */
class ConsumerKilledIT {

    static final int MESSAGES = 300;
    static final int HANDLED_BEFORE_HOLDING = 50;
    static final long RECLAIM_MIN_IDLE_MS = 1500;

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final Ledger LEDGER = new Ledger();
    static final Map<String, Long> CLAIMED_COUNTS = new ConcurrentHashMap<>();
    static final Map<String, Long> CLAIMED_AT = new ConcurrentHashMap<>();

    @ApplicationScoped
    public static class Survivor {
        void on(@StreamConsumer(stream = DoomedConsumerMain.STREAM, group = DoomedConsumerMain.GROUP,
                consumer = "survivor", concurrency = 2) StreamMessage<String> m) {
            if (m.deliveryCount() > 1) {
                CLAIMED_COUNTS.put(m.id(), m.deliveryCount());
                CLAIMED_AT.put(m.id(), System.nanoTime());
            }
            LEDGER.handled(DoomedConsumerMain.GROUP, m.id());
        }
    }

    @Test
    @Timeout(120)
    void entriesHeldByAKilledConsumerAreClaimedByALiveOne() throws Exception {
        long start = System.nanoTime();
        redis.admin().del(DoomedConsumerMain.STREAM, DoomedConsumerMain.STREAM + ":dlq");
        Map<String, String> config = WeldApp.defaults(redis.url());
        Set<String> held;
        Map<String, Long> deliveredAt = new java.util.HashMap<>();
        try (ChildJvm child = ChildJvm.of(DoomedConsumerMain.class).jvmArg("-Xmx128m").properties(config)
                .args(Integer.toString(HANDLED_BEFORE_HOLDING)).start()) {
            child.await(l -> l.startsWith("READY"), Duration.ofSeconds(60));
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                payloads.add("job-" + i);
            }
            // sent from here with plain XADDs: the producer is not under test in this scenario
            for (String p : payloads) {
                LEDGER.produced(redis.admin().xadd(DoomedConsumerMain.STREAM, StreamEntryID.NEW_ENTRY,
                        Map.of("payload", p)).toString());
            }
            // all 4 handlers blocked, the rest of its slots read and queued: it sits on pending entries
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    child.lines().stream().filter(l -> l.startsWith("HOLDING")).count() == 4
                            && pendingOf(DoomedConsumerMain.CONSUMER).size() >= 4);
            // when each held entry was last delivered, from its idle time in Redis
            long now = System.nanoTime();
            for (StreamPendingEntry p : pendingOf(DoomedConsumerMain.CONSUMER)) {
                deliveredAt.put(p.getID().toString(), now - p.getIdleTime() * 1_000_000);
            }
            // the acks of the handled ones are out: none of them is still pending (otherwise a duplicate later)
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Set<String> pending = pendingOf(DoomedConsumerMain.CONSUMER).stream()
                        .map(p -> p.getID().toString()).collect(Collectors.toSet());
                return child.lines().stream().filter(l -> l.startsWith("HANDLED "))
                        .map(l -> l.substring("HANDLED ".length()).trim()).noneMatch(pending::contains);
            });
            child.kill();
            assertThat(child.isAlive()).isFalse();
            held = pendingOf(DoomedConsumerMain.CONSUMER).stream().map(p -> p.getID().toString())
                    .collect(Collectors.toSet());
            for (String line : child.lines()) {
                if (line.startsWith("HANDLED ")) {
                    LEDGER.handled(DoomedConsumerMain.GROUP, line.substring("HANDLED ".length()).trim());
                }
            }
        }
        assertThat(held).as("entries pending in the killed consumer").hasSizeGreaterThanOrEqualTo(4);
        int handledByChild = LEDGER.handledCount(DoomedConsumerMain.GROUP);

        Map<String, String> survivorConfig = WeldApp.defaults(redis.url());
        survivorConfig.put("redstreams.consumer.reclaim-min-idle-ms", Long.toString(RECLAIM_MIN_IDLE_MS));
        survivorConfig.put("redstreams.consumer.reclaim-interval-ms", "200");
        try (WeldApp app = WeldApp.start(survivorConfig, Survivor.class)) {
            assertThat(app.consumers().specs()).hasSize(1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(LEDGER.handledIds(DoomedConsumerMain.GROUP)).containsAll(held);
                assertThat(LEDGER.handledCount(DoomedConsumerMain.GROUP)).isEqualTo(MESSAGES);
                assertThat(redis.admin().xpending(DoomedConsumerMain.STREAM, DoomedConsumerMain.GROUP).getTotal())
                        .isZero();
            });
        }
        assertThat(pendingOf(DoomedConsumerMain.CONSUMER)).isEmpty();
        // the held entries came back as redeliveries, and not before they had been idle for reclaim-min-idle-ms
        assertThat(CLAIMED_COUNTS.keySet()).containsAll(held);
        long firstClaimMs = held.stream().filter(deliveredAt::containsKey)
                .mapToLong(id -> (CLAIMED_AT.get(id) - deliveredAt.get(id)) / 1_000_000).min().orElse(-1);
        assertThat(firstClaimMs).isGreaterThanOrEqualTo(RECLAIM_MIN_IDLE_MS - 50);

        Ledger.Tally tally = LEDGER.tally(redis.admin(), DoomedConsumerMain.STREAM, DoomedConsumerMain.GROUP);
        FaultReport.print("consumer-killed", List.of(tally), start, "handled-by-killed-jvm=" + handledByChild
                + " held-when-killed=" + held.size() + " claimed=" + CLAIMED_COUNTS.size()
                + " shortest-idle-before-claim-ms=" + firstClaimMs + " (reclaim-min-idle-ms=" + RECLAIM_MIN_IDLE_MS + ")");
        assertThat(tally.lost()).isEmpty();
        assertThat(tally.pending()).isZero();
        assertThat(tally.dlq()).isZero();
        // a duplicate only for an entry the killed JVM finished but could not acknowledge before SIGKILL
        assertThat(tally.duplicates()).isLessThanOrEqualTo(10);
        assertThat(redis.countClients("redstreams")).isZero();
    }

    private static List<StreamPendingEntry> pendingOf(String consumer) {
        return redis.admin().xpending(DoomedConsumerMain.STREAM, DoomedConsumerMain.GROUP,
                XPendingParams.xPendingParams("-", "+", 1000).consumer(consumer));
    }
}
