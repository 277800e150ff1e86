package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Many application instances in one group: three consumer JVMs ({@link GroupMemberMain}) share group {@code crowd}
 * while this JVM keeps sending; one of them is killed with SIGKILL ({@link Process#destroyForcibly()}, checked by
 * its exit status 137 = 128 + 9) while it holds pending entries. The two others claim those once they have been
 * idle for {@code reclaim-min-idle-ms} (the killed JVM no longer renews their lease), and everything sent is
 * handled.
 *
 * <p>Duplicates are allowed only for entries the killed JVM had handled (recorded) but not yet acknowledged when it
 * died, i.e. ids it recorded that were still in its pending list after the kill; they are counted separately. Any
 * other duplicate means an entry was handled twice while its consumer lived, and fails the test.
 */
class MultiJvmKillIT {

    static final int ENTRIES = 6_000;
    /** Sent every 10 ms: 600 entries/s, half of what the three JVMs can take (4 handlers x 100/s each). */
    static final int PER_TICK = 6;
    static final long RECLAIM_MIN_IDLE_MS = 3000;
    static final List<String> NAMES = List.of("member-1", "member-2", "member-3");
    static final String VICTIM = "member-2";

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    @Test
    @Timeout(240)
    void aMemberKilledMidRunLosesNothingAndOnlyItsInFlightEntriesRepeat() throws Exception {
        long start = System.nanoTime();
        redis.flushAll();
        redis.admin().xgroupCreate(GroupMemberMain.STREAM, GroupMemberMain.GROUP, new StreamEntryID(0, 0), true);
        Map<String, String> config = WeldApp.defaults(redis.url());
        config.put("redstreams.consumer.reclaim-min-idle-ms", Long.toString(RECLAIM_MIN_IDLE_MS));
        config.put("redstreams.consumer.reclaim-interval-ms", "250");
        config.put("redstreams.consumer.lease-interval-ms", "500");

        Ledger ledger = new Ledger();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "multi-jvm-producer");
            t.setDaemon(true);
            return t;
        });
        Map<String, ChildJvm> members = new LinkedHashMap<>();
        Set<String> pendingAtKill;
        int victimExit;
        int handledByVictimBeforeKill;
        try (Jedis sender = redis.newJedis()) {
            for (String name : NAMES) {
                members.put(name, ChildJvm.of(GroupMemberMain.class).jvmArg("-Xmx128m").jvmArg("-XX:+UseSerialGC")
                        .jvmArg("-XX:TieredStopAtLevel=1").properties(config)
                        .property("redstreams.consumer.name", name)
                        .args(redis.host(), Integer.toString(redis.port())).start());
            }
            for (ChildJvm member : members.values()) {
                member.await(l -> l.startsWith("READY"), Duration.ofSeconds(120));
            }

            producer.scheduleAtFixedRate(() -> send(sender, ledger, sent, producerFailure), 0, 10,
                    TimeUnit.MILLISECONDS);

            // mid-run: a third sent, the victim has handled some and holds entries (in its handlers or queued)
            ChildJvm victim = members.get(VICTIM);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() -> {
                assertThat(producerFailure.get()).as("producer failure").isNull();
                return sent.get() >= ENTRIES / 3 && redis.admin().llen(GroupMemberMain.handledKey(VICTIM)) >= 100
                        && pendingOf(VICTIM).size() >= 3;
            });
            victim.kill();
            assertThat(victim.isAlive()).isFalse();
            victimExit = victim.exitValue();
            // frozen from now on: nobody acknowledges for a dead consumer
            pendingAtKill = pendingOf(VICTIM).stream().map(p -> p.getID().toString()).collect(Collectors.toSet());
            handledByVictimBeforeKill = (int) redis.admin().llen(GroupMemberMain.handledKey(VICTIM));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(producerFailure.get()).as("producer failure").isNull();
                return sent.get() >= ENTRIES && handledIds().size() >= ENTRIES
                        && redis.admin().xpending(GroupMemberMain.STREAM, GroupMemberMain.GROUP).getTotal() == 0;
            });
            for (String name : NAMES) {
                if (!name.equals(VICTIM)) {
                    assertThat(members.get(name).isAlive()).as(name + " alive").isTrue();
                }
            }
        } finally {
            producer.shutdownNow();
            for (ChildJvm member : members.values()) {
                member.close();
            }
        }

        // who handled what (lists read after all members are gone: nothing moves any more)
        Map<String, List<String>> byMember = new TreeMap<>();
        for (String name : NAMES) {
            byMember.put(name, redis.admin().lrange(GroupMemberMain.handledKey(name), 0, -1));
        }
        Map<String, Integer> times = new HashMap<>();
        byMember.values().forEach(ids -> ids.forEach(id -> {
            ledger.handled(GroupMemberMain.GROUP, id);
            times.merge(id, 1, Integer::sum);
        }));
        Set<String> victimHandled = new HashSet<>(byMember.get(VICTIM));
        Set<String> survivorsHandled = new HashSet<>();
        byMember.forEach((name, ids) -> {
            if (!name.equals(VICTIM)) {
                survivorsHandled.addAll(ids);
            }
        });
        int inFlightInKilled = 0;
        List<String> otherDuplicates = new ArrayList<>();
        for (Map.Entry<String, Integer> e : times.entrySet()) {
            if (e.getValue() < 2) {
                continue;
            }
            String id = e.getKey();
            if (e.getValue() == 2 && victimHandled.contains(id) && pendingAtKill.contains(id)
                    && survivorsHandled.contains(id)) {
                inFlightInKilled++;
            } else {
                otherDuplicates.add(id + " x" + e.getValue());
            }
        }
        long claimedBySurvivors = pendingAtKill.stream().filter(survivorsHandled::contains).count();

        Ledger.Tally tally = ledger.tally(redis.admin(), GroupMemberMain.STREAM, GroupMemberMain.GROUP);
        FaultReport.print("multi-jvm-kill", List.of(tally), start, "jvms=3 killed=" + VICTIM + " exit=" + victimExit
                + " handled-per-jvm=" + byMember.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue().size()).collect(Collectors.joining(","))
                + " handled-by-killed-before-kill=" + handledByVictimBeforeKill + " pending-at-kill="
                + pendingAtKill.size() + " claimed-by-survivors=" + claimedBySurvivors
                + " duplicates-in-flight-in-killed=" + inFlightInKilled + " duplicates-otherwise="
                + otherDuplicates.size() + " (reclaim-min-idle-ms=" + RECLAIM_MIN_IDLE_MS + ")");

        assertThat(victimExit).as("exit status of the killed JVM: 128 + SIGKILL (9)").isEqualTo(137);
        assertThat(pendingAtKill).as("entries pending in the killed JVM").isNotEmpty();
        assertThat(survivorsHandled).as("the killed JVM's pending entries, handled by the others")
                .containsAll(pendingAtKill);
        assertThat(ledger.confirmedCount()).isEqualTo(ENTRIES);
        assertThat(tally.produced()).isEqualTo(ENTRIES);
        assertThat(tally.lost()).isEmpty();
        assertThat(tally.vanished()).isZero();
        assertThat(tally.pending()).isZero();
        assertThat(tally.dlq()).isZero();
        assertThat(tally.handled()).isEqualTo(ENTRIES);
        assertThat(otherDuplicates).as("entries handled twice while their consumer lived").isEmpty();
        assertThat(tally.duplicates()).isEqualTo(inFlightInKilled);
        for (String name : NAMES) {
            assertThat(byMember.get(name)).as("handled by " + name).isNotEmpty();
        }
    }

    /** One tick of the producer: {@link #PER_TICK} pipelined XADDs, until {@link #ENTRIES} are sent. */
    private static void send(Jedis sender, Ledger ledger, AtomicInteger sent, AtomicReference<Throwable> failure) {
        if (sent.get() >= ENTRIES || failure.get() != null) {
            return;
        }
        try (Pipeline pipeline = sender.pipelined()) {
            List<Response<StreamEntryID>> ids = new ArrayList<>(PER_TICK);
            int n = Math.min(PER_TICK, ENTRIES - sent.get());
            for (int i = 0; i < n; i++) {
                ids.add(pipeline.xadd(GroupMemberMain.STREAM, XAddParams.xAddParams(),
                        Map.of("payload", "job-" + (sent.get() + i))));
            }
            pipeline.sync();
            for (Response<StreamEntryID> id : ids) {
                ledger.produced(id.get().toString());
            }
            sent.addAndGet(n);
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** Distinct ids handled so far by any member. */
    private static Set<String> handledIds() {
        Set<String> ids = new HashSet<>();
        for (String name : NAMES) {
            ids.addAll(redis.admin().lrange(GroupMemberMain.handledKey(name), 0, -1));
        }
        return ids;
    }

    private static List<StreamPendingEntry> pendingOf(String consumer) {
        return redis.admin().xpending(GroupMemberMain.STREAM, GroupMemberMain.GROUP,
                XPendingParams.xPendingParams("-", "+", 1000).consumer(consumer));
    }
}
